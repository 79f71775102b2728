/**
 * Thread plumbing of the servers and the runtime: named daemon threads, background workers that
 * survive their failures and report them, and the exit on an error the process cannot survive.
 */
package io.spear.support.concurrent;
