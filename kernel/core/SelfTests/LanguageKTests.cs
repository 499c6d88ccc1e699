using System;
using System.Collections.Generic;
using Tessera.Frame.Testing;

namespace Tessera.Kernel.SelfTests
{
    // The C# the kernel relies on, checked inside the booted kernel (against our core
    // library) and on the host (against .NET) by the same code: generics, interface and
    // virtual dispatch, delegates, static constructors, strings and collections.
    public static class LanguageKTests
    {
        private interface IShape
        {
            int Area();
            string Name => "shape";
        }

        private abstract class Shape : IShape
        {
            public abstract int Area();
            public virtual string Describe() => "a shape of area " + Area().ToString();
        }

        private sealed class Square : Shape
        {
            private readonly int _side;
            public Square(int side) { _side = side; }
            public override int Area() => _side * _side;
        }

        private sealed class Rectangle : Shape
        {
            private readonly int _w, _h;
            public Rectangle(int w, int h) { _w = w; _h = h; }
            public override int Area() => _w * _h;
            public override string Describe() => "a rectangle " + _w.ToString() + "x" + _h.ToString();
        }

        private struct Pair<TFirst, TSecond>
        {
            public TFirst First;
            public TSecond Second;
        }

        private static class Counter
        {
            public static readonly List<string> Log;
            public static int Value;

            // Not a constant initializer: the compiler must run this before first use.
            static Counter()
            {
                Log = new List<string>();
                Log.Add("cctor");
                Value = ComputeStart();
            }

            private static int ComputeStart() => 40 + 2;
        }

        private static T Largest<T>(List<T> items, Comparison<T> compare)
        {
            T best = items[0];
            foreach (T item in items)
                if (compare(item, best) > 0) best = item;
            return best;
        }

        [KTest]
        public static void GenericsWorkForValueAndReferenceTypes()
        {
            var numbers = new List<int> { 5, 17, 3 };
            KAssert.Equal(17, Largest(numbers, (a, b) => a.CompareTo(b)), "largest int");
            var words = new List<string> { "frame", "kernel", "shim" };
            KAssert.Equal("shim", Largest(words, string.CompareOrdinal), "largest string");
            var pair = new Pair<long, string> { First = 1L << 40, Second = "x" };
            KAssert.Equal(1L << 40, pair.First, "generic struct field");
            KAssert.Equal("x", pair.Second, "generic struct reference field");
        }

        [KTest]
        public static void InterfaceAndVirtualDispatch()
        {
            IShape[] shapes = { new Square(3), new Rectangle(2, 5) };
            int total = 0;
            foreach (IShape shape in shapes) total += shape.Area();
            KAssert.Equal(19, total, "sum of areas through the interface");
            KAssert.Equal("shape", shapes[0].Name, "default interface method");
            KAssert.Equal("a shape of area 9", ((Shape)shapes[0]).Describe(), "base virtual method");
            KAssert.Equal("a rectangle 2x5", ((Shape)shapes[1]).Describe(), "overridden virtual method");
            KAssert.True(shapes[1] is Rectangle, "type test");
            KAssert.False(shapes[0] is Rectangle, "negative type test");
            KAssert.True((object)shapes[0] as Shape != null, "cast to base class");
        }

        [KTest]
        public static void DelegatesCaptureState()
        {
            int calls = 0;
            Action increment = () => calls++;
            increment();
            increment();
            KAssert.Equal(2, calls, "closure over a local");
            Func<int, int, int> add = Add;
            KAssert.Equal(7, add(3, 4), "delegate to a static method");
            var square = new Square(4);
            Func<int> area = square.Area;
            KAssert.Equal(16, area(), "delegate to an instance method");
            Predicate<string> isEmpty = string.IsNullOrEmpty;
            KAssert.True(isEmpty(""), "delegate to a library method");
        }

        private static int Add(int a, int b) => a + b;

        [KTest]
        public static void StaticConstructorRunsOnceBeforeFirstUse()
        {
            KAssert.Equal(42, Counter.Value, "value set by the static constructor");
            Counter.Value++;
            KAssert.Equal(43, Counter.Value, "static field keeps its value");
            KAssert.Equal(1, Counter.Log.Count, "static constructor ran exactly once");
        }

        [KTest]
        public static void StringsConcatenateAndFormat()
        {
            int pid = 7;
            string text = "pid " + pid.ToString() + " is " + (pid > 5 ? "big" : "small");
            KAssert.Equal("pid 7 is big", text, "concatenation");
            KAssert.Equal("value=-1234 hex=ff HEX=00FF", $"value={-1234} hex={255:x} HEX={255:X4}", "interpolation with formats");
            KAssert.Equal("18446744073709551615", ulong.MaxValue.ToString(), "largest ulong");
            KAssert.Equal("-9223372036854775808", long.MinValue.ToString(), "smallest long");
            KAssert.Equal("ffffffff", (-1).ToString("x"), "negative int in hex");
            KAssert.Equal("007", 7.ToString("D3"), "zero-padded decimal");
            KAssert.Equal("tessera", "  TESSERA ".Trim().ToLowerInvariant(), "trim and lower");
            KAssert.Equal(3, "a,b,,c".Split(',').Length - 1, "split keeps empty parts");
            KAssert.Equal("b", "a,b,,c".Split(',')[1], "split part");
            KAssert.True("kernel/frame".StartsWith("kernel"), "starts with");
            KAssert.Equal(6, "kernel/frame".IndexOf('/'), "index of char");
            KAssert.Equal("frame", "kernel/frame".Substring(7), "substring");
            KAssert.Equal("a-b-c", string.Join("-", "a", "b", "c"), "join");
            KAssert.Equal("aXXc", "abbc".Replace("b", "X"), "replace");
            KAssert.True("abc" == new string(new[] { 'a', 'b', 'c' }), "equality by value");
            KAssert.Equal("é€😀", "\u00e9\u20ac\U0001F600", "non-ASCII text survives");
        }

        [KTest]
        public static void SpansSliceWithoutCopying()
        {
            byte[] data = { 1, 2, 3, 4, 5, 6 };
            Span<byte> middle = data.AsSpan(2, 3);
            middle[0] = 30;
            KAssert.Equal(30, data[2], "writes through a span reach the array");
            ReadOnlySpan<byte> tail = new ReadOnlySpan<byte>(data).Slice(4);
            KAssert.Equal(2, tail.Length, "slice length");
            KAssert.Equal(6, tail[1], "slice element");
            KAssert.True(tail.SequenceEqual(new byte[] { 5, 6 }), "sequence equality");
            Span<int> stack = stackalloc int[4];
            stack.Fill(9);
            KAssert.Equal(36, stack[0] + stack[1] + stack[2] + stack[3], "stackalloc span");
            KAssert.Equal(0x04030201u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(new byte[] { 1, 2, 3, 4 }), "little-endian read");
        }

        [KTest]
        public static void ListGrowsSortsAndRemoves()
        {
            var list = new List<int>();
            for (int i = 0; i < 1000; i++) list.Add((i * 7919) % 1000);
            KAssert.Equal(1000, list.Count, "count after adds");
            list.Sort();
            bool sorted = true;
            for (int i = 0; i < list.Count; i++) if (list[i] != i) sorted = false;
            KAssert.True(sorted, "sorted into 0..999");
            KAssert.Equal(500, list.RemoveAll(x => x % 2 == 1), "removed odd numbers");
            KAssert.Equal(250, list.IndexOf(500), "index of an element");
            list.Insert(0, -1);
            KAssert.Equal(-1, list[0], "insert at the front");
            KAssert.True(list.Remove(-1), "remove an element");
            KAssert.False(list.Contains(-1), "removed element is gone");
        }

        [KTest]
        public static void DictionaryMapsKeysToValues()
        {
            var byName = new Dictionary<string, int>();
            for (int i = 0; i < 500; i++) byName["key" + i.ToString()] = i;
            KAssert.Equal(500, byName.Count, "count");
            KAssert.Equal(123, byName["key123"], "lookup");
            KAssert.True(byName.Remove("key123"), "remove");
            KAssert.False(byName.ContainsKey("key123"), "removed key is gone");
            KAssert.False(byName.TryGetValue("nope", out _), "missing key");
            byName["key123"] = -5;
            KAssert.Equal(-5, byName["key123"], "re-added key");
            long sum = 0;
            foreach (KeyValuePair<string, int> pair in byName) sum += pair.Value;
            KAssert.Equal(499L * 500 / 2 - 123 - 5, sum, "enumeration visits every live entry once");

            var byNumber = new Dictionary<ulong, string> { [1UL << 40] = "big", [3] = "small" };
            KAssert.Equal("big", byNumber[1UL << 40], "ulong keys");
        }
    }
}
