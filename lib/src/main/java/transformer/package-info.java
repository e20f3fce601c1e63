/**
 * The Transformer kit: every component of the Transformer in readable Java on EJML.
 * See {@code lib/README.md} for the packages and the conventions they share.
 */
package transformer;
