using System.Numerics;

namespace DslNets;

/// <summary>
/// What every generated network is, independent of its element type: sizes and layout as static members, so that
/// runtime algorithms are generic over generated types with no virtual dispatch.
/// </summary>
public interface INetwork<TSelf> where TSelf : INetwork<TSelf>
{
    /// <summary>The length of one input sample.</summary>
    static abstract int InputSize { get; }

    /// <summary>The length of one output (and of one target).</summary>
    static abstract int OutputSize { get; }

    /// <summary>The length of the flat parameter vector.</summary>
    static abstract int ParameterCount { get; }

    /// <summary>The number of fixed (not trained) numbers supplied at construction, such as shared-filter matrices.</summary>
    static abstract int ConstantCount { get; }

    /// <summary>The loss the network's <c>Gradient</c> differentiates.</summary>
    static abstract Loss LossFunction { get; }

    /// <summary>The element type.</summary>
    static abstract Precision Precision { get; }

    /// <summary>True when every activation is Identity, ReLU or LeakyReLU, so the network is piecewise linear.</summary>
    static abstract bool IsPiecewiseLinear { get; }

    /// <summary>The layers in order, with their shapes and where their parameters sit in the flat vector.</summary>
    static abstract IReadOnlyList<LayerInfo> Layers { get; }

    /// <summary>The named parameter tensors (one weight and one bias per layer that has them), for checkpoints.</summary>
    static abstract IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>A table of the layers: name, kind, output shape, activation, parameter count.</summary>
    static abstract string Summary { get; }
}

/// <summary>
/// A generated network with element type <typeparamref name="T"/>: the flat parameter vector and the
/// forward and gradient passes over spans. Every span is length-checked and a wrong length throws an
/// <see cref="ArgumentException"/> naming both lengths; nothing here allocates.
/// </summary>
public interface INetwork<TSelf, T> : INetwork<TSelf>
    where TSelf : INetwork<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a network initialised from <paramref name="seed"/> (He for ReLU-like layers, Glorot otherwise, biases 0).</summary>
    /// <param name="seed">The seed: the same seed gives the same parameters.</param>
    /// <param name="constants">The fixed numbers (<see cref="INetwork{TSelf}.ConstantCount"/> of them); empty when there are none.</param>
    static abstract TSelf Create(int seed, ReadOnlySpan<T> constants);

    /// <summary>The flat parameter vector: every layer's weights (row-major) then bias, in layer order.</summary>
    T[] Parameters { get; }

    /// <summary>The fixed numbers supplied at construction (shared-filter matrices); empty when there are none.</summary>
    T[] Constants { get; }

    /// <summary>Computes the output of one sample.</summary>
    void Forward(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>Computes the outputs of a batch: inputs is batch×InputSize, outputs batch×OutputSize, row-major.</summary>
    void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> outputs);

    /// <summary>The loss of one sample.</summary>
    T ComputeLoss(ReadOnlySpan<T> input, ReadOnlySpan<T> target);

    /// <summary>
    /// Adds scale·∇ℓ(θ) of one sample to <paramref name="parameterGradient"/> and returns scale·ℓ.
    /// </summary>
    T Gradient(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> parameterGradient, T scale);

    /// <summary>
    /// Adds scale·∇_θ ℓ to <paramref name="parameterGradient"/>, writes scale·∇_x ℓ to <paramref name="inputGradient"/>
    /// and returns scale·ℓ.
    /// </summary>
    T Gradient(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> parameterGradient, Span<T> inputGradient, T scale);

    /// <summary>
    /// Adds scale·Σ_j ∇ℓ_j over a batch (inputs batch×InputSize, targets batch×OutputSize) to
    /// <paramref name="parameterGradient"/> and returns scale·Σ_j ℓ_j. Pass scale = 1/batch for the mean.
    /// </summary>
    T GradientBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> parameterGradient, T scale);

    /// <summary>
    /// As <see cref="Gradient(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, T)"/> with the network's dropout layers active,
    /// their masks drawn from <paramref name="dropout"/> (a training pass). A network without dropout layers, or an inactive
    /// draw, gives what the plain <c>Gradient</c> gives; the default implementation (for networks without dropout) calls it.
    /// </summary>
    T Gradient(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> parameterGradient, T scale, DropoutDraw dropout) =>
        Gradient(input, target, parameterGradient, scale);

    /// <summary>
    /// As <see cref="GradientBatch(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, T)"/> with the network's dropout layers active:
    /// row j's masks are those of <c>dropout.ForSample(j)</c>, so the batch equals the per-sample calls. The
    /// <see cref="Training.Trainer{TNet, T}"/> trains through this with one draw per step. The default implementation (for
    /// networks without dropout) calls the plain <c>GradientBatch</c>.
    /// </summary>
    T GradientBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> parameterGradient, T scale, DropoutDraw dropout) =>
        GradientBatch(inputs, targets, parameterGradient, scale);

    /// <summary>
    /// Adds scale·Σ_j ∇_θ ℓ_j over a batch (inputs batch×InputSize, targets batch×OutputSize) to
    /// <paramref name="parameterGradient"/>, writes scale·∇_x ℓ_j to row j of <paramref name="inputGradient"/>
    /// (batch×InputSize, overwritten) and returns scale·Σ_j ℓ_j.
    /// </summary>
    /// <remarks>
    /// Generated networks implement this with their batched kernels; the default, for hand-written networks, calls the
    /// single-sample <see cref="Gradient(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, T)"/> once per sample.
    /// </remarks>
    T GradientBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> parameterGradient, Span<T> inputGradient, T scale)
    {
        int inputSize = TSelf.InputSize, outputSize = TSelf.OutputSize;
        int batch = inputs.Length / inputSize;
        if (inputs.Length != batch * inputSize) ShapeErrors.ThrowBatch(typeof(TSelf).Name, nameof(inputs), inputSize, -1, inputs.Length);
        if (targets.Length != batch * outputSize) ShapeErrors.ThrowBatch(typeof(TSelf).Name, nameof(targets), outputSize, batch, targets.Length);
        if (inputGradient.Length != batch * inputSize) ShapeErrors.ThrowBatch(typeof(TSelf).Name, nameof(inputGradient), inputSize, batch, inputGradient.Length);
        T total = T.Zero;
        for (int j = 0; j < batch; j++)
        {
            total += Gradient(inputs.Slice(j * inputSize, inputSize), targets.Slice(j * outputSize, outputSize), parameterGradient,
                inputGradient.Slice(j * inputSize, inputSize), scale);
        }

        return total;
    }
}
