/** Placeholder until its issue lands. */
package mkspec.properties;
