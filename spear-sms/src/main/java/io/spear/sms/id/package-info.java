/** SMS's identifiers: new ids, their canonical spelling and the tokens accepted as ids. */
package io.spear.sms.id;
