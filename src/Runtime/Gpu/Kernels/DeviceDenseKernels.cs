using System.Numerics;
using DslNets.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// The steps of a dense layer y = act(W·x + b) for the layer-wise device training path, on row-major batches:
/// the device counterpart of <see cref="DenseKernels"/> and of the generated batch path, with the same conventions.
/// Shapes: X is batch×inputs (one sample per row), W is outputs×inputs, b has outputs entries, Y, A (the activations)
/// and Δ = ∂loss/∂Y are batch×outputs. A tied layer uses M = another layer's W as stored, inputs×outputs, in place of
/// Wᵀ. Weight and bias gradients are added to the gradient; the input gradient is overwritten. Every view must have
/// exactly the length its shape gives, and live on the accelerator of the <see cref="DeviceGemm"/> given.
/// </summary>
/// <remarks>
/// Launches are queued on the accelerator's default stream (synchronize before reading on the host). The products
/// run through the given <see cref="DeviceGemm"/> (cuBLAS or the own kernel), bias and activation in a separate
/// element-wise kernel. Not thread-safe.
/// </remarks>
public sealed class DeviceDenseKernels
{
    private readonly Accelerator _accelerator;
    private DenseElementKernels<float>? _float;
    private DenseElementKernels<double>? _double;

    /// <summary>Dense-layer kernels on the accelerator of <paramref name="gemm"/>, whose products they use (it stays the caller's to dispose).</summary>
    /// <param name="gemm">The matrix product for the accelerator.</param>
    public DeviceDenseKernels(DeviceGemm gemm)
    {
        ArgumentNullException.ThrowIfNull(gemm);
        Gemm = gemm;
        _accelerator = gemm.Accelerator;
    }

    /// <summary>The matrix product the layer steps use.</summary>
    public DeviceGemm Gemm { get; }

    /// <summary>Forward pass of a batch: Y = act(X·Wᵀ + b), b broadcast to every row (an empty bias view for none).</summary>
    /// <param name="x">Inputs, batch×inputs.</param>
    /// <param name="weights">W, outputs×inputs.</param>
    /// <param name="bias">b (outputs entries), or an empty view for a layer without bias.</param>
    /// <param name="y">Outputs (the activations A), batch×outputs; overwritten.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="inputs">Inputs per sample.</param>
    /// <param name="outputs">Outputs per sample (neurons).</param>
    /// <param name="activation">The layer's activation.</param>
    /// <param name="leakySlope">The LeakyReLU slope α ≥ 0 (ignored by the other activations).</param>
    public void Forward<T>(ArrayView<T> x, ArrayView<T> weights, ArrayView<T> bias, ArrayView<T> y, int batch, int inputs, int outputs, Activation activation = Activation.Identity, double leakySlope = 0.01)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLayer(batch, inputs, outputs, activation, leakySlope);
        DeviceArguments.RequireLength(nameof(x), x.Length, batch, inputs, "batch×inputs");
        DeviceArguments.RequireLength(nameof(weights), weights.Length, outputs, inputs, "outputs×inputs");
        if (bias.Length != 0) DeviceArguments.RequireLength(nameof(bias), bias.Length, outputs, "outputs");
        DeviceArguments.RequireLength(nameof(y), y.Length, batch, outputs, "batch×outputs");
        DeviceArguments.RequireDisjoint(y, bias, nameof(y), nameof(bias));
        Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, batch, outputs, inputs, T.One, x, weights, T.Zero, y);
        BiasActivation(y, bias, batch, outputs, activation, leakySlope);
    }

    /// <summary>Forward pass of a tied layer: Y = act(X·M + b) with M (inputs×outputs) another layer's weights as stored.</summary>
    /// <param name="x">Inputs, batch×inputs.</param>
    /// <param name="tiedWeights">M, inputs×outputs: the weights of the layer this one is tied to (its outputs×inputs is this layer's inputs×outputs).</param>
    /// <param name="bias">b (outputs entries), or an empty view for a layer without bias.</param>
    /// <param name="y">Outputs (the activations A), batch×outputs; overwritten.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="inputs">Inputs per sample.</param>
    /// <param name="outputs">Outputs per sample (neurons).</param>
    /// <param name="activation">The layer's activation.</param>
    /// <param name="leakySlope">The LeakyReLU slope α ≥ 0 (ignored by the other activations).</param>
    public void ForwardTied<T>(ArrayView<T> x, ArrayView<T> tiedWeights, ArrayView<T> bias, ArrayView<T> y, int batch, int inputs, int outputs, Activation activation = Activation.Identity, double leakySlope = 0.01)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLayer(batch, inputs, outputs, activation, leakySlope);
        DeviceArguments.RequireLength(nameof(x), x.Length, batch, inputs, "batch×inputs");
        DeviceArguments.RequireLength(nameof(tiedWeights), tiedWeights.Length, inputs, outputs, "inputs×outputs");
        if (bias.Length != 0) DeviceArguments.RequireLength(nameof(bias), bias.Length, outputs, "outputs");
        DeviceArguments.RequireLength(nameof(y), y.Length, batch, outputs, "batch×outputs");
        DeviceArguments.RequireDisjoint(y, bias, nameof(y), nameof(bias));
        Gemm.Multiply(MatrixOp.None, MatrixOp.None, batch, outputs, inputs, T.One, x, tiedWeights, T.Zero, y);
        BiasActivation(y, bias, batch, outputs, activation, leakySlope);
    }

    /// <summary>
    /// Δ ← Δ ⊙ act′(Z), written through the activations A = act(Z) as the CPU backward pass does: ReLU keeps Δ where
    /// A &gt; 0, LeakyReLU multiplies by α where not, Sigmoid by A(1 − A), Tanh by 1 − A²; Identity leaves Δ.
    /// </summary>
    /// <param name="delta">Δ = ∂loss/∂A, batch×outputs; becomes ∂loss/∂Z in place.</param>
    /// <param name="activations">A, batch×outputs: the layer's forward outputs.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="outputs">Outputs per sample (neurons).</param>
    /// <param name="activation">The layer's activation.</param>
    /// <param name="leakySlope">The LeakyReLU slope α ≥ 0 (ignored by the other activations).</param>
    public void ActivationGradient<T>(ArrayView<T> delta, ArrayView<T> activations, int batch, int outputs, Activation activation, double leakySlope = 0.01)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLayer(batch, 0, outputs, activation, leakySlope);
        DeviceArguments.RequireLength(nameof(delta), delta.Length, batch, outputs, "batch×outputs");
        DeviceArguments.RequireLength(nameof(activations), activations.Length, batch, outputs, "batch×outputs");
        if (activation == Activation.Identity || delta.Length == 0) return;
        RequireOn(delta, nameof(delta));
        RequireOn(activations, nameof(activations));
        DeviceArguments.RequireDisjoint(delta, activations, nameof(delta), nameof(activations));
        Elements<T>().Derivative((int)delta.Length, delta, activations, Arguments<T>(outputs, hasBias: false, activation, leakySlope));
    }

    /// <summary>Weight gradient of a batch: gW += Δᵀ·X (or gW = Δᵀ·X when <paramref name="accumulate"/> is false).</summary>
    /// <param name="delta">Δ = ∂loss/∂Z, batch×outputs.</param>
    /// <param name="x">The layer's inputs, batch×inputs.</param>
    /// <param name="weightGradient">gW, outputs×inputs.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="inputs">Inputs per sample.</param>
    /// <param name="outputs">Outputs per sample (neurons).</param>
    /// <param name="accumulate">True: add to gW; false: overwrite it.</param>
    public void WeightGradient<T>(ArrayView<T> delta, ArrayView<T> x, ArrayView<T> weightGradient, int batch, int inputs, int outputs, bool accumulate = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(batch, inputs, outputs);
        DeviceArguments.RequireLength(nameof(delta), delta.Length, batch, outputs, "batch×outputs");
        DeviceArguments.RequireLength(nameof(x), x.Length, batch, inputs, "batch×inputs");
        DeviceArguments.RequireLength(nameof(weightGradient), weightGradient.Length, outputs, inputs, "outputs×inputs");
        Gemm.Multiply(MatrixOp.Transpose, MatrixOp.None, outputs, inputs, batch, T.One, delta, x, accumulate ? T.One : T.Zero, weightGradient);
    }

    /// <summary>Weight gradient of a tied layer: gM += Xᵀ·Δ (inputs×outputs), added to the gradient of the weights it shares.</summary>
    /// <param name="delta">Δ = ∂loss/∂Z, batch×outputs.</param>
    /// <param name="x">The layer's inputs, batch×inputs.</param>
    /// <param name="tiedWeightGradient">gM, inputs×outputs: the gradient slice of the shared weights.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="inputs">Inputs per sample.</param>
    /// <param name="outputs">Outputs per sample (neurons).</param>
    /// <param name="accumulate">True: add to gM; false: overwrite it.</param>
    public void WeightGradientTied<T>(ArrayView<T> delta, ArrayView<T> x, ArrayView<T> tiedWeightGradient, int batch, int inputs, int outputs, bool accumulate = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(batch, inputs, outputs);
        DeviceArguments.RequireLength(nameof(delta), delta.Length, batch, outputs, "batch×outputs");
        DeviceArguments.RequireLength(nameof(x), x.Length, batch, inputs, "batch×inputs");
        DeviceArguments.RequireLength(nameof(tiedWeightGradient), tiedWeightGradient.Length, inputs, outputs, "inputs×outputs");
        Gemm.Multiply(MatrixOp.Transpose, MatrixOp.None, inputs, outputs, batch, T.One, x, delta, accumulate ? T.One : T.Zero, tiedWeightGradient);
    }

    /// <summary>Bias gradient of a batch: gb += the column sums of Δ, adding the rows in order (deterministic, as on the CPU).</summary>
    /// <param name="delta">Δ = ∂loss/∂Z, batch×outputs.</param>
    /// <param name="biasGradient">gb, outputs entries.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="outputs">Outputs per sample (neurons).</param>
    /// <param name="accumulate">True: add to gb; false: overwrite it.</param>
    public void BiasGradient<T>(ArrayView<T> delta, ArrayView<T> biasGradient, int batch, int outputs, bool accumulate = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(batch, 0, outputs);
        DeviceArguments.RequireLength(nameof(delta), delta.Length, batch, outputs, "batch×outputs");
        DeviceArguments.RequireLength(nameof(biasGradient), biasGradient.Length, outputs, "outputs");
        if (outputs == 0 || (batch == 0 && accumulate)) return;
        RequireOn(delta, nameof(delta));
        RequireOn(biasGradient, nameof(biasGradient));
        DeviceArguments.RequireDisjoint(biasGradient, delta, nameof(biasGradient), nameof(delta));
        Elements<T>().BiasGradient(outputs, delta, biasGradient, batch, outputs, accumulate ? 1 : 0);
    }

    /// <summary>Input gradient of a batch: ΔX = Δ·W (overwritten), what the previous layer receives before its activation's derivative.</summary>
    /// <param name="delta">Δ = ∂loss/∂Z, batch×outputs.</param>
    /// <param name="weights">W, outputs×inputs.</param>
    /// <param name="inputGradient">ΔX, batch×inputs; overwritten.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="inputs">Inputs per sample.</param>
    /// <param name="outputs">Outputs per sample (neurons).</param>
    public void InputGradient<T>(ArrayView<T> delta, ArrayView<T> weights, ArrayView<T> inputGradient, int batch, int inputs, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(batch, inputs, outputs);
        DeviceArguments.RequireLength(nameof(delta), delta.Length, batch, outputs, "batch×outputs");
        DeviceArguments.RequireLength(nameof(weights), weights.Length, outputs, inputs, "outputs×inputs");
        DeviceArguments.RequireLength(nameof(inputGradient), inputGradient.Length, batch, inputs, "batch×inputs");
        Gemm.Multiply(MatrixOp.None, MatrixOp.None, batch, inputs, outputs, T.One, delta, weights, T.Zero, inputGradient);
    }

    /// <summary>Input gradient of a tied layer: ΔX = Δ·Mᵀ (overwritten), M inputs×outputs as stored.</summary>
    /// <param name="delta">Δ = ∂loss/∂Z, batch×outputs.</param>
    /// <param name="tiedWeights">M, inputs×outputs: the weights of the layer this one is tied to.</param>
    /// <param name="inputGradient">ΔX, batch×inputs; overwritten.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="inputs">Inputs per sample.</param>
    /// <param name="outputs">Outputs per sample (neurons).</param>
    public void InputGradientTied<T>(ArrayView<T> delta, ArrayView<T> tiedWeights, ArrayView<T> inputGradient, int batch, int inputs, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(batch, inputs, outputs);
        DeviceArguments.RequireLength(nameof(delta), delta.Length, batch, outputs, "batch×outputs");
        DeviceArguments.RequireLength(nameof(tiedWeights), tiedWeights.Length, inputs, outputs, "inputs×outputs");
        DeviceArguments.RequireLength(nameof(inputGradient), inputGradient.Length, batch, inputs, "batch×inputs");
        Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, batch, inputs, outputs, T.One, delta, tiedWeights, T.Zero, inputGradient);
    }

    private void BiasActivation<T>(ArrayView<T> y, ArrayView<T> bias, int batch, int outputs, Activation activation, double leakySlope)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool hasBias = bias.Length != 0;
        if ((!hasBias && activation == Activation.Identity) || y.Length == 0) return;
        RequireOn(y, nameof(y));
        if (hasBias) RequireOn(bias, nameof(bias));
        Elements<T>().BiasActivation((int)y.Length, y, hasBias ? bias : y, Arguments<T>(outputs, hasBias, activation, leakySlope));
    }

    private void RequireOn<T>(ArrayView<T> view, string name)
        where T : unmanaged => DeviceArguments.RequireOn(view, _accelerator, name);

    private static ActivationArguments<T> Arguments<T>(int outputs, bool hasBias, Activation activation, double leakySlope)
        where T : unmanaged, IFloatingPointIeee754<T> => new()
        {
            Outputs = outputs,
            HasBias = hasBias ? 1 : 0,
            Activation = (int)activation,
            LeakySlope = T.CreateChecked(leakySlope),
        };

    private static void CheckLayer(int batch, int inputs, int outputs, Activation activation, double leakySlope)
    {
        CheckSizes(batch, inputs, outputs);
        if (!Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Expected Identity, ReLU, LeakyReLU, Sigmoid or Tanh.");
        if (activation == Activation.LeakyReLU && !(leakySlope >= 0))
            throw new ArgumentOutOfRangeException(nameof(leakySlope), leakySlope, "Expected a LeakyReLU slope ≥ 0.");
    }

    private static void CheckSizes(int batch, int inputs, int outputs)
    {
        DeviceArguments.CheckNonNegative(batch, nameof(batch));
        DeviceArguments.CheckNonNegative(inputs, nameof(inputs));
        DeviceArguments.CheckNonNegative(outputs, nameof(outputs));
    }

    // Compiled on first use of each element type.
    private DenseElementKernels<T> Elements<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        DeviceArguments.RequireFloatOrDouble<T>();
        if (typeof(T) == typeof(float)) return (DenseElementKernels<T>)(object)(_float ??= DenseElementKernels<float>.Load<FloatReal>(_accelerator));
        return (DenseElementKernels<T>)(object)(_double ??= DenseElementKernels<double>.Load<DoubleReal>(_accelerator));
    }
}
