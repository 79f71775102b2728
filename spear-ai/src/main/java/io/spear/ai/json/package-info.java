/** JSON with sorted keys, as SPEAR's chat host calls and AI backends write it. */
package io.spear.ai.json;
