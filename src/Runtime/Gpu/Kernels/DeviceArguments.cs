using DslNets.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// Host-side checks of device calls, with the CPU kernels' messages (a view instead of a span): what was expected
/// and what came. Device kernels cannot throw, so everything is checked before a launch.
/// </summary>
internal static class DeviceArguments
{
    public static void CheckDimensions(int m, int n, int k)
    {
        if (m < 0) throw new ArgumentOutOfRangeException(nameof(m), m, "Expected a non-negative number of rows m.");
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Expected a non-negative number of columns n.");
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, "Expected a non-negative inner dimension k.");
    }

    public static void CheckOp(MatrixOp op, string name)
    {
        if (op != MatrixOp.None && op != MatrixOp.Transpose)
            throw new ArgumentOutOfRangeException(name, op, "Expected MatrixOp.None or MatrixOp.Transpose.");
    }

    public static void CheckNonNegative(int value, string name)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(name, value, $"Expected a non-negative {name}.");
    }

    /// <summary>The GEMM form: "A (transposed) must hold k×m = 3×2 = 6 elements, but its view has 5."</summary>
    public static void RequireExact(string matrix, long actual, string shape, int rows, int cols, string note)
    {
        long expected = (long)rows * cols;
        if (actual != expected)
            throw new ArgumentException($"{matrix}{note} must hold {shape} = {rows}×{cols} = {expected} elements, but its view has {actual}.", matrix.ToLowerInvariant());
        RequireIndexable(matrix.ToLowerInvariant(), expected);
    }

    /// <summary>The GEMM form with a leading dimension: the view must reach the last element of the last row.</summary>
    public static void RequireStorage(string matrix, long length, int rows, int cols, int ld, string ldName, bool transposed)
    {
        string stored = transposed ? " (stored transposed)" : "";
        if (ld < Math.Max(1, cols))
            throw new ArgumentOutOfRangeException(ldName, ld, $"{ldName} must be at least the stored width of {matrix}{stored}, {Math.Max(1, cols)}, but is {ld}.");
        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException(
                $"{matrix}{stored} is {rows}×{cols} with leading dimension {ld}, which needs at least {needed} elements, but its view has {length}.",
                matrix.ToLowerInvariant());
        RequireIndexable(matrix.ToLowerInvariant(), needed);
    }

    /// <summary>The dense-layer form: "x must hold batch×inputs = 7×3 = 21 elements, but its view has 20."</summary>
    public static void RequireLength(string name, long actual, int rows, int columns, string shape)
    {
        long expected = (long)rows * columns;
        if (actual != expected)
            throw new ArgumentException($"{name} must hold {shape} = {rows}×{columns} = {expected} elements, but its view has {actual}.", name);
        RequireIndexable(name, expected);
    }

    /// <summary>The vector form: "bias must hold outputs = 5 elements, but its view has 4."</summary>
    public static void RequireLength(string name, long actual, int expected, string shape)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} must hold {shape} = {expected} elements, but its view has {actual}.", name);
    }

    /// <summary>A non-empty view must live on the accelerator that runs the kernel.</summary>
    public static void RequireOn<T>(ArrayView<T> view, Accelerator accelerator, string name)
        where T : unmanaged
    {
        if (view.Length == 0) return;
        if (!view.IsValid) throw new ArgumentException($"{name} is not a valid view.", name);
        Accelerator owner = view.GetAccelerator();
        if (!ReferenceEquals(owner, accelerator))
            throw new ArgumentException($"{name} lives on {owner.Name}, but the kernels run on {accelerator.Name}.", name);
    }

    /// <summary>The output must not share memory with an input: a kernel reads the inputs while it writes the output.</summary>
    public static void RequireDisjoint<T>(ArrayView<T> output, ArrayView<T> input, string outputName, string inputName)
        where T : unmanaged
    {
        if (output.Length == 0 || input.Length == 0) return;
        if (!ReferenceEquals(((IArrayView)output).Buffer, ((IArrayView)input).Buffer)) return;
        long outputStart = ((IContiguousArrayView)output).Index, inputStart = ((IContiguousArrayView)input).Index;
        if (outputStart < inputStart + input.Length && inputStart < outputStart + output.Length)
            throw new ArgumentException($"{outputName} must not overlap {inputName}: the kernel reads {inputName} while it writes {outputName}.", outputName.ToLowerInvariant());
    }

    public static void RequireFloatOrDouble<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"The device kernels run in float or double, not {typeof(T).Name}.");
    }

    // The kernels index with 32-bit integers, like the CPU kernels' spans.
    private static void RequireIndexable(string name, long elements)
    {
        if (elements > int.MaxValue)
            throw new ArgumentOutOfRangeException(name, elements, $"{name} would need {elements} elements; device kernels index at most {int.MaxValue}.");
    }
}
