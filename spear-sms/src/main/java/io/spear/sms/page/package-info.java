/** Paging of list answers: the page asked for (limit, offset) and the page given back. */
package io.spear.sms.page;
