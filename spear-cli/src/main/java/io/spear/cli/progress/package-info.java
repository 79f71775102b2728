/** Progress bars for long transfers, shown only when a person is watching a terminal. */
package io.spear.cli.progress;
