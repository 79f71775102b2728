/**
 * The HTTP trigger on a node: {@code /h/{endpoint}/...} runs the endpoint's task as a CGI program
 * (WAGI): the request as CGI/1.1 variables and stdin, the guest's stdout parsed as a CGI response
 * and streamed to the client.
 */
package io.spear.spearlet.trigger;
