package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Test;

class FlatMemoryTest {

  @Test
  void accessesPastTheMemorysSizeTrapEvenWhenTheArrayIsLarger() {
    FlatMemory memory = new FlatMemory(new MemoryLimits(1, 100));
    assertThat(memory.grow(1)).isEqualTo(1);
    assertThat(memory.grow(1)).isEqualTo(2); // the array now has room for 4 pages
    memory.writeI32(3 * Memory.PAGE_SIZE - 4, 42);
    assertThat(memory.readInt(3 * Memory.PAGE_SIZE - 4)).isEqualTo(42);
    assertThatThrownBy(() -> memory.readInt(3 * Memory.PAGE_SIZE - 3))
        .isInstanceOf(WasmRuntimeException.class)
        .hasMessageContaining("out of bounds memory access");
    assertThatThrownBy(() -> memory.writeByte(3 * Memory.PAGE_SIZE, (byte) 1))
        .isInstanceOf(WasmRuntimeException.class);
    assertThatThrownBy(() -> memory.readLong(-1)).isInstanceOf(WasmRuntimeException.class);
    assertThatThrownBy(() -> memory.readBytes(10, -1)).isInstanceOf(WasmRuntimeException.class);
  }

  @Test
  void growsPageByPageUpToItsMaximumThenRefuses() {
    FlatMemory memory = new FlatMemory(new MemoryLimits(0, 64));
    for (int i = 0; i < 64; i++) {
      assertThat(memory.grow(1)).isEqualTo(i);
    }
    assertThat(memory.grow(1)).isEqualTo(-1);
    assertThat(memory.grow(-1)).isEqualTo(-1);
    assertThat(memory.pages()).isEqualTo(64);
    memory.writeLong(64 * Memory.PAGE_SIZE - 8, -1L);
    assertThat(memory.readLong(64 * Memory.PAGE_SIZE - 8)).isEqualTo(-1L);
  }

  @Test
  void valuesAreLittleEndianAndCopiesMayOverlap() {
    FlatMemory memory = new FlatMemory(new MemoryLimits(1, 1));
    memory.writeI32(0, 0x04030201);
    assertThat(memory.readBytes(0, 4)).containsExactly(1, 2, 3, 4);
    memory.writeF64(8, 1.5);
    assertThat(memory.readDouble(8)).isEqualTo(1.5);
    memory.copy(1, 0, 4);
    assertThat(memory.readBytes(0, 5)).containsExactly(1, 1, 2, 3, 4);
    memory.fill((byte) 7, 2, 4);
    assertThat(memory.readBytes(0, 5)).containsExactly(1, 1, 7, 7, 4);
  }

  @Test
  void zeroClearsWhatWasWritten() {
    FlatMemory memory = new FlatMemory(new MemoryLimits(1, 2));
    memory.write(100, new byte[] {9, 9, 9});
    memory.zero();
    assertThat(memory.readBytes(100, 3)).containsExactly(0, 0, 0);
    memory.grow(1);
    memory.writeI32(Memory.PAGE_SIZE, 5);
    memory.zero();
    assertThat(memory.readInt(Memory.PAGE_SIZE)).isZero();
  }
}
