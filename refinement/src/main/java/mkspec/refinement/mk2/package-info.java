/**
 * The mk2 refinement layer: the concretization of the spec's actions into the calls and blobs a user makes
 * ({@link mkspec.refinement.mk2.Mk2Calls}, {@link mkspec.refinement.mk2.Mk2Dtbs}), the abstraction function from the
 * reference's kernel memory to the spec's state ({@link mkspec.refinement.mk2.Mk2Abstraction}), and the reference
 * seen through it as a transition system ({@link mkspec.refinement.mk2.Mk2ReferenceSystem}).
 */
package mkspec.refinement.mk2;
