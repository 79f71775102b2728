/**
 * The request and response bodies of the SMS REST API as records, one per shape; their JSON field
 * names are the API's (snake_case through {@link io.spear.model.json.Json}).
 */
package io.spear.model.api;
