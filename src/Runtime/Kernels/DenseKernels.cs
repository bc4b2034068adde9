using System.Numerics;
using System.Numerics.Tensors;

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
