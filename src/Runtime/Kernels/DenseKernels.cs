using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DslNets.Kernels;

/// <summary>
/// The batched products of a dense layer y = W·x + b, on row-major batches, built on <see cref="Gemm"/>.
/// Shapes: X is batch×inputs (one sample per row), W is outputs×inputs (one neuron per row), b has outputs
/// entries, Y and Δ = ∂loss/∂Y are batch×outputs. Every span must have exactly the length its shape gives.
/// </summary>
public static class DenseKernels
{
    /// <summary>Forward pass of a batch: Y = X·Wᵀ + b (b broadcast to every row; pass an empty bias for none).</summary>
    /// <param name="x">Inputs, batch×inputs.</param>
    /// <param name="weights">W, outputs×inputs.</param>
    /// <param name="bias">b (outputs entries), or empty for a layer without bias.</param>
    /// <param name="y">Outputs, batch×outputs; overwritten.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="inputs">Inputs per sample.</param>
    /// <param name="outputs">Outputs per sample (neurons).</param>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> y, int batch, int inputs, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(batch, inputs, outputs);
        RequireLength(nameof(x), x.Length, batch, inputs, "batch×inputs");
        RequireLength(nameof(weights), weights.Length, outputs, inputs, "outputs×inputs");
        if (!bias.IsEmpty) RequireLength(nameof(bias), bias.Length, outputs, "outputs");
        RequireLength(nameof(y), y.Length, batch, outputs, "batch×outputs");
        T beta = T.Zero;
        if (!bias.IsEmpty)
        {
            for (int i = 0; i < batch; i++) bias.CopyTo(y.Slice(i * outputs, outputs));
            beta = T.One;
        }
        Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, batch, outputs, inputs, T.One, x, weights, beta, y);
    }

    /// <summary>Weight gradient of a batch: dW = Δᵀ·X, added to <paramref name="weightGradient"/> when <paramref name="accumulate"/> is set.</summary>
    /// <param name="delta">Δ = ∂loss/∂Y, batch×outputs.</param>
    /// <param name="x">The layer's inputs, batch×inputs.</param>
    /// <param name="weightGradient">dW, outputs×inputs.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="inputs">Inputs per sample.</param>
    /// <param name="outputs">Outputs per sample (neurons).</param>
    /// <param name="accumulate">True: dW += Δᵀ·X; false: dW = Δᵀ·X.</param>
    public static void WeightGradient<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, Span<T> weightGradient, int batch, int inputs, int outputs, bool accumulate = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(batch, inputs, outputs);
        RequireLength(nameof(delta), delta.Length, batch, outputs, "batch×outputs");
        RequireLength(nameof(x), x.Length, batch, inputs, "batch×inputs");
        RequireLength(nameof(weightGradient), weightGradient.Length, outputs, inputs, "outputs×inputs");
        Gemm.Multiply(MatrixOp.Transpose, MatrixOp.None, outputs, inputs, batch, T.One, delta, x, accumulate ? T.One : T.Zero, weightGradient);
    }

    /// <summary>Bias gradient of a batch: db = Σ over rows of Δ, added to <paramref name="biasGradient"/> when <paramref name="accumulate"/> is set.</summary>
    /// <param name="delta">Δ = ∂loss/∂Y, batch×outputs.</param>
    /// <param name="biasGradient">db, outputs entries.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="outputs">Outputs per sample (neurons).</param>
    /// <param name="accumulate">True: db += ΣΔ; false: db = ΣΔ.</param>
    public static void BiasGradient<T>(ReadOnlySpan<T> delta, Span<T> biasGradient, int batch, int outputs, bool accumulate = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(batch, 0, outputs);
        RequireLength(nameof(delta), delta.Length, batch, outputs, "batch×outputs");
        RequireLength(nameof(biasGradient), biasGradient.Length, outputs, "outputs");
        if (!accumulate) biasGradient.Clear();
        for (int i = 0; i < batch; i++) TensorPrimitives.Add(biasGradient, delta.Slice(i * outputs, outputs), biasGradient);
    }

    /// <summary>Input gradient of a batch: dX = Δ·W (overwritten), the Δ the previous layer receives before its activation's derivative.</summary>
    /// <param name="delta">Δ = ∂loss/∂Y, batch×outputs.</param>
    /// <param name="weights">W, outputs×inputs.</param>
    /// <param name="inputGradient">dX, batch×inputs; overwritten.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="inputs">Inputs per sample.</param>
    /// <param name="outputs">Outputs per sample (neurons).</param>
    public static void InputGradient<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> weights, Span<T> inputGradient, int batch, int inputs, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(batch, inputs, outputs);
        RequireLength(nameof(delta), delta.Length, batch, outputs, "batch×outputs");
        RequireLength(nameof(weights), weights.Length, outputs, inputs, "outputs×inputs");
        RequireLength(nameof(inputGradient), inputGradient.Length, batch, inputs, "batch×inputs");
        Gemm.Multiply(MatrixOp.None, MatrixOp.None, batch, inputs, outputs, T.One, delta, weights, T.Zero, inputGradient);
    }

    /// <summary>Adds <paramref name="row"/> to every row of a rows×columns row-major matrix (a bias broadcast).</summary>
    /// <param name="matrix">The matrix, rows×columns, updated in place.</param>
    /// <param name="row">The row to add, columns entries.</param>
    /// <param name="rows">Rows of the matrix.</param>
    /// <param name="columns">Columns of the matrix.</param>
    public static void AddRowBroadcast<T>(Span<T> matrix, ReadOnlySpan<T> row, int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(rows, 0, columns, nameof(rows), nameof(columns));
        RequireLength(nameof(matrix), matrix.Length, rows, columns, "rows×columns");
        RequireLength(nameof(row), row.Length, columns, "columns");
        for (int i = 0; i < rows; i++)
        {
            Span<T> target = matrix.Slice(i * columns, columns);
            TensorPrimitives.Add(target, row, target);
        }
    }

    /// <summary>
    /// Forward pass of one sample: y = W·x + b (no activation; pass an empty bias for none). Four neurons at a time share
    /// every load of x, so the weights stream through once at close to the cache's bandwidth (a dot product per neuron
    /// reloads x and sums across lanes for each).
    /// </summary>
    /// <param name="x">One input, inputs entries.</param>
    /// <param name="weights">W, outputs×inputs.</param>
    /// <param name="bias">b (outputs entries), or empty.</param>
    /// <param name="y">One output, outputs entries; overwritten (must not overlap x).</param>
    public static void ForwardSample<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputs = x.Length, outputs = y.Length;
        RequireLength(nameof(weights), weights.Length, outputs, inputs, "outputs×inputs");
        if (!bias.IsEmpty) RequireLength(nameof(bias), bias.Length, outputs, "outputs");
        ref T w = ref MemoryMarshal.GetReference(weights);
        ref T input = ref MemoryMarshal.GetReference(x);
        int o = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && inputs >= Vector256<T>.Count)
        {
            int lanes = Vector256<T>.Count, whole = inputs - inputs % lanes;
            for (; o + 4 <= outputs; o += 4)
            {
                ref T w0 = ref Unsafe.Add(ref w, o * inputs);
                ref T w1 = ref Unsafe.Add(ref w0, inputs);
                ref T w2 = ref Unsafe.Add(ref w1, inputs);
                ref T w3 = ref Unsafe.Add(ref w2, inputs);
                Vector256<T> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int j = 0; j < whole; j += lanes)
                {
                    nuint at = (nuint)j;
                    Vector256<T> v = Vector256.LoadUnsafe(ref input, at);
                    a0 = Fma(Vector256.LoadUnsafe(ref w0, at), v, a0);
                    a1 = Fma(Vector256.LoadUnsafe(ref w1, at), v, a1);
                    a2 = Fma(Vector256.LoadUnsafe(ref w2, at), v, a2);
                    a3 = Fma(Vector256.LoadUnsafe(ref w3, at), v, a3);
                }

                T s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
                for (int j = whole; j < inputs; j++)
                {
                    T v = Unsafe.Add(ref input, j);
                    s0 += Unsafe.Add(ref w0, j) * v;
                    s1 += Unsafe.Add(ref w1, j) * v;
                    s2 += Unsafe.Add(ref w2, j) * v;
                    s3 += Unsafe.Add(ref w3, j) * v;
                }

                y[o] = bias.IsEmpty ? s0 : s0 + bias[o];
                y[o + 1] = bias.IsEmpty ? s1 : s1 + bias[o + 1];
                y[o + 2] = bias.IsEmpty ? s2 : s2 + bias[o + 2];
                y[o + 3] = bias.IsEmpty ? s3 : s3 + bias[o + 3];
            }
        }

        for (; o < outputs; o++)
        {
            T z = TensorPrimitives.Dot(weights.Slice(o * inputs, inputs), x);
            y[o] = bias.IsEmpty ? z : z + bias[o];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported)
        {
            if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
            if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        }

        return a * b + c;
    }

    private static void CheckSizes(int batch, int inputs, int outputs, string batchName = "batch", string outputsName = "outputs")
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(batchName, batch, $"Expected a non-negative {batchName}.");
        if (inputs < 0) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "Expected a non-negative number of inputs.");
        if (outputs < 0) throw new ArgumentOutOfRangeException(outputsName, outputs, $"Expected a non-negative number of {outputsName}.");
    }

    private static void RequireLength(string name, int actual, int rows, int columns, string shape)
    {
        long expected = (long)rows * columns;
        if (actual != expected)
            throw new ArgumentException($"{name} must hold {shape} = {rows}×{columns} = {expected} elements, but its span has {actual}.", name);
    }

    private static void RequireLength(string name, int actual, int expected, string shape)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} must hold {shape} = {expected} elements, but its span has {actual}.", name);
    }
}
