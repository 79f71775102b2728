package io.spear.runtime.wasm;

import com.dylibso.chicory.compiler.internal.Shaded;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites Chicory's {@code Shaded} class, whose copy in every compiled module holds the helpers
 * the generated code calls, so that its {@code checkInterruption} is an {@code invokedynamic} to
 * {@link FoldedInterruptCheck} instead of a read of the interrupt flag. Every check of the
 * generated code goes through that one helper, so no generated class needs changing.
 */
final class CheckRewriter {

  static final String METHOD = "checkInterruption";
  private static final String DESCRIPTOR = "()V";

  private static final Handle BOOTSTRAP =
      new Handle(
          Opcodes.H_INVOKESTATIC,
          Type.getInternalName(FoldedInterruptCheck.class),
          "bootstrap",
          MethodType.methodType(
                  CallSite.class, MethodHandles.Lookup.class, String.class, MethodType.class)
              .toMethodDescriptorString(),
          false);

  private CheckRewriter() {}

  /** Chicory's {@code Shaded} class with the folded check; computed once. */
  static byte[] shaded() {
    return Holder.SHADED;
  }

  /** {@code classBytes} with the body of a {@code checkInterruption()V} replaced, if it has one. */
  static byte[] rewrite(byte[] classBytes) {
    ClassReader reader = new ClassReader(classBytes);
    // Handing the reader to the writer copies the untouched methods as they are.
    ClassWriter writer = new ClassWriter(reader, 0);
    boolean[] found = {false};
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor method =
                super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!name.equals(METHOD) || !descriptor.equals(DESCRIPTOR)) {
              return method;
            }
            found[0] = true;
            method.visitCode();
            method.visitInvokeDynamicInsn(METHOD, DESCRIPTOR, BOOTSTRAP);
            method.visitInsn(Opcodes.RETURN);
            method.visitMaxs(0, 0);
            method.visitEnd();
            return null; // drops the original body
          }
        },
        0);
    if (!found[0]) {
      throw new IllegalStateException("no " + METHOD + DESCRIPTOR + " in the class to rewrite");
    }
    return writer.toByteArray();
  }

  private static final class Holder {
    static final byte[] SHADED = rewrite(bytes());

    private static byte[] bytes() {
      String resource = Type.getInternalName(Shaded.class) + ".class";
      try (var in = Shaded.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("Chicory's " + resource + " is not readable");
        }
        return in.readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
