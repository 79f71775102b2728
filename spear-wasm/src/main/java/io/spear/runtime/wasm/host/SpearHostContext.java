package io.spear.runtime.wasm.host;

import java.time.Clock;
import java.util.Random;

/**
 * What the spear host functions of one execution use.
 *
 * @param clock the time the guest sees
 * @param random the randomness the guest sees
 * @param log the execution log that {@code spear.log} appends to
 */
public record SpearHostContext(Clock clock, Random random, BoundedBuffer log) {}
