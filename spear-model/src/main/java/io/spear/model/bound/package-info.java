/** The accepted ranges of numbers callers and nodes supply, and the one reader of them. */
package io.spear.model.bound;
