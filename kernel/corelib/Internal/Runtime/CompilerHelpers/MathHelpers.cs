using System;

namespace Internal.Runtime.CompilerHelpers
{
    // Division helpers ILCompiler calls where it needs a divide-by-zero or overflow check
    // outside the hardware instruction.
    internal static class MathHelpers
    {
        private static int IDiv(int i, int j)
        {
            if (j == 0) throw new DivideByZeroException();
            if (j == -1 && i == int.MinValue) throw new OverflowException();
            return i / j;
        }

        private static uint UDiv(uint i, uint j)
        {
            if (j == 0) throw new DivideByZeroException();
            return i / j;
        }

        private static long LDiv(long i, long j)
        {
            if (j == 0) throw new DivideByZeroException();
            if (j == -1 && i == long.MinValue) throw new OverflowException();
            return i / j;
        }

        private static ulong ULDiv(ulong i, ulong j)
        {
            if (j == 0) throw new DivideByZeroException();
            return i / j;
        }

        private static int IMod(int i, int j)
        {
            if (j == 0) throw new DivideByZeroException();
            if (j == -1) return 0;
            return i % j;
        }

        private static uint UMod(uint i, uint j)
        {
            if (j == 0) throw new DivideByZeroException();
            return i % j;
        }

        private static long LMod(long i, long j)
        {
            if (j == 0) throw new DivideByZeroException();
            if (j == -1) return 0;
            return i % j;
        }

        private static ulong ULMod(ulong i, ulong j)
        {
            if (j == 0) throw new DivideByZeroException();
            return i % j;
        }
    }
}
