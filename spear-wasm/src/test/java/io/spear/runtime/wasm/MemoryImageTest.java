package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Test;

/** A module's memory image: new memories start as it, and arrays given back are reset to it. */
class MemoryImageTest {

  private static final byte[] IMAGE = {0, 0, 7, 8, 9};

  @Test
  void aNewMemoryHoldsTheImageThenZeros() {
    FlatMemory memory = memory(new MemoryImage(IMAGE, Memory.PAGE_SIZE));
    assertThat(memory.readBytes(0, 6)).containsExactly(0, 0, 7, 8, 9, 0);
    assertThat(memory.read(Memory.PAGE_SIZE - 1)).isZero();
  }

  @Test
  void aReleasedMemorysArrayIsResetBeforeTheNextMemoryGetsIt() {
    MemoryImage image = new MemoryImage(IMAGE, Memory.PAGE_SIZE);
    FlatMemory first = memory(image);
    first.writeByte(2, (byte) 1);
    first.writeByte(100, (byte) 1);
    first.writeByte(Memory.PAGE_SIZE - 1, (byte) 1);
    first.release();
    assertThat(image.keptArrays()).isOne();

    FlatMemory second = memory(image);
    assertThat(image.keptArrays()).isZero();
    assertThat(second.readBytes(0, 6)).containsExactly(0, 0, 7, 8, 9, 0);
    assertThat(second.read(100)).isZero();
    assertThat(second.read(Memory.PAGE_SIZE - 1)).isZero();
  }

  @Test
  void aReleasedMemoryCanNoLongerBeReached() {
    FlatMemory memory = memory(new MemoryImage(IMAGE, Memory.PAGE_SIZE));
    memory.release();
    assertThat(memory.pages()).isZero();
    assertThatThrownBy(() -> memory.read(0)).hasMessageContaining("out of bounds");
  }

  @Test
  void aGrownMemorysArrayIsNotKept() {
    MemoryImage image = new MemoryImage(IMAGE, Memory.PAGE_SIZE);
    FlatMemory memory = memory(image);
    memory.grow(1);
    memory.release();
    assertThat(image.keptArrays()).isZero();
  }

  @Test
  void noMoreArraysAreKeptThanTheLimit() {
    MemoryImage image = new MemoryImage(IMAGE, Memory.PAGE_SIZE);
    for (int i = 0; i < MemoryImage.KEPT_ARRAYS + 3; i++) {
      image.give(new byte[Memory.PAGE_SIZE], Memory.PAGE_SIZE);
    }
    assertThat(image.keptArrays()).isEqualTo(MemoryImage.KEPT_ARRAYS);
  }

  private static FlatMemory memory(MemoryImage image) {
    return new FlatMemory(
        new MemoryLimits(1, 4), new GuestMemoryBudget(Long.MAX_VALUE).charge(), image);
  }
}
