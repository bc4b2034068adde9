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

    /// <summary>
    /// Backward pass of one sample: adds dW = Δ·xᵀ to <paramref name="weightGradient"/> and Δ to <paramref name="biasGradient"/>
    /// (unless empty), and writes Wᵀ·Δ into <paramref name="inputGradient"/> (unless empty). Neurons whose Δ is zero (a ReLU
    /// that was off) are skipped; the others go four at a time, sharing each load of x and of the input gradient.
    /// </summary>
    /// <param name="delta">Δ = ∂loss/∂z (after the activation's derivative), outputs entries.</param>
    /// <param name="x">The layer's input, inputs entries.</param>
    /// <param name="weights">W, outputs×inputs.</param>
    /// <param name="weightGradient">outputs×inputs; added to.</param>
    /// <param name="biasGradient">outputs entries, added to; or empty.</param>
    /// <param name="inputGradient">inputs entries, overwritten; or empty when not wanted.</param>
    public static void BackwardSample<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, ReadOnlySpan<T> weights, Span<T> weightGradient, Span<T> biasGradient,
        Span<T> inputGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputs = x.Length, outputs = delta.Length;
        RequireLength(nameof(weights), weights.Length, outputs, inputs, "outputs×inputs");
        RequireLength(nameof(weightGradient), weightGradient.Length, outputs, inputs, "outputs×inputs");
        if (!biasGradient.IsEmpty) RequireLength(nameof(biasGradient), biasGradient.Length, outputs, "outputs");
        bool back = !inputGradient.IsEmpty;
        if (back) RequireLength(nameof(inputGradient), inputGradient.Length, inputs, "inputs");
        if (back) inputGradient.Clear();
        if (outputs > MaxGatheredNeurons)
        {
            // Too many neurons to list on the stack: one at a time (allocating nothing).
            for (int o = 0; o < outputs; o++)
            {
                T e = delta[o];
                if (e == T.Zero) continue;
                if (!biasGradient.IsEmpty) biasGradient[o] += e;
                Span<T> row = weightGradient.Slice(o * inputs, inputs);
                TensorPrimitives.MultiplyAdd(x, e, row, row);
                if (back) TensorPrimitives.MultiplyAdd(weights.Slice(o * inputs, inputs), e, inputGradient, inputGradient);
            }

            return;
        }

        // The neurons that pass a gradient, gathered so that the blocks of four have no holes.
        Span<int> live = stackalloc int[outputs];
        int count = 0;
        for (int o = 0; o < outputs; o++)
        {
            if (delta[o] == T.Zero) continue;
            live[count++] = o;
            if (!biasGradient.IsEmpty) biasGradient[o] += delta[o];
        }

        ref T w = ref MemoryMarshal.GetReference(weights);
        ref T g = ref MemoryMarshal.GetReference(weightGradient);
        ref T input = ref MemoryMarshal.GetReference(x);
        ref T b = ref MemoryMarshal.GetReference(inputGradient);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && inputs >= Vector256<T>.Count)
        {
            int lanes = Vector256<T>.Count, whole = inputs - inputs % lanes;
            for (; i + 4 <= count; i += 4)
            {
                int o0 = live[i], o1 = live[i + 1], o2 = live[i + 2], o3 = live[i + 3];
                T e0 = delta[o0], e1 = delta[o1], e2 = delta[o2], e3 = delta[o3];
                Vector256<T> d0 = Vector256.Create(e0), d1 = Vector256.Create(e1), d2 = Vector256.Create(e2), d3 = Vector256.Create(e3);
                ref T g0 = ref Unsafe.Add(ref g, o0 * inputs);
                ref T g1 = ref Unsafe.Add(ref g, o1 * inputs);
                ref T g2 = ref Unsafe.Add(ref g, o2 * inputs);
                ref T g3 = ref Unsafe.Add(ref g, o3 * inputs);
                ref T w0 = ref Unsafe.Add(ref w, o0 * inputs);
                ref T w1 = ref Unsafe.Add(ref w, o1 * inputs);
                ref T w2 = ref Unsafe.Add(ref w, o2 * inputs);
                ref T w3 = ref Unsafe.Add(ref w, o3 * inputs);
                for (int j = 0; j < whole; j += lanes)
                {
                    nuint at = (nuint)j;
                    Vector256<T> v = Vector256.LoadUnsafe(ref input, at);
                    Fma(d0, v, Vector256.LoadUnsafe(ref g0, at)).StoreUnsafe(ref g0, at);
                    Fma(d1, v, Vector256.LoadUnsafe(ref g1, at)).StoreUnsafe(ref g1, at);
                    Fma(d2, v, Vector256.LoadUnsafe(ref g2, at)).StoreUnsafe(ref g2, at);
                    Fma(d3, v, Vector256.LoadUnsafe(ref g3, at)).StoreUnsafe(ref g3, at);
                    if (!back) continue;
                    Vector256<T> s = Vector256.LoadUnsafe(ref b, at);
                    s = Fma(d0, Vector256.LoadUnsafe(ref w0, at), s);
                    s = Fma(d1, Vector256.LoadUnsafe(ref w1, at), s);
                    s = Fma(d2, Vector256.LoadUnsafe(ref w2, at), s);
                    Fma(d3, Vector256.LoadUnsafe(ref w3, at), s).StoreUnsafe(ref b, at);
                }

                for (int j = whole; j < inputs; j++)
                {
                    T v = Unsafe.Add(ref input, j);
                    Unsafe.Add(ref g0, j) += e0 * v;
                    Unsafe.Add(ref g1, j) += e1 * v;
                    Unsafe.Add(ref g2, j) += e2 * v;
                    Unsafe.Add(ref g3, j) += e3 * v;
                    if (back) Unsafe.Add(ref b, j) += e0 * Unsafe.Add(ref w0, j) + e1 * Unsafe.Add(ref w1, j) + e2 * Unsafe.Add(ref w2, j) + e3 * Unsafe.Add(ref w3, j);
                }
            }
        }

        for (; i < count; i++)
        {
            int o = live[i];
            T e = delta[o];
            Span<T> row = weightGradient.Slice(o * inputs, inputs);
            TensorPrimitives.MultiplyAdd(x, e, row, row);
            if (back) TensorPrimitives.MultiplyAdd(weights.Slice(o * inputs, inputs), e, inputGradient, inputGradient);
        }
    }

    /// <summary>The most neurons BackwardSample lists on the stack.</summary>
    private const int MaxGatheredNeurons = 4096;

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
