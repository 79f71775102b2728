/** SPEAR's backend routing: by operation, features, name and model, then weighted random. */
package io.spear.ai.routing;
