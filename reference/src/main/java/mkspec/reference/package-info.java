/** Placeholder until its issue lands. */
package mkspec.reference;
