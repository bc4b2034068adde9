namespace DslNets.Runtime.Tests.Onnx;

/// <summary>Every activation in float, unrolled (small layers), with a softmax loss.</summary>
[Network(Inputs = 6, Loss = Loss.SoftmaxCrossEntropy)]
public partial class FloatEveryActivation
{
    [Dense(8, Activation.Sigmoid)] public partial DenseLayer Squash { get; }
    [Dense(7, Activation.Tanh)] public partial DenseLayer Bend { get; }
    [Dense(6, Activation.LeakyReLU, LeakySlope = 0.05)] public partial DenseLayer Leak { get; }
    [Dense(5, Activation.ReLU)] public partial DenseLayer Clip { get; }
    [Dense(3)] public partial DenseLayer Logits { get; }
}

/// <summary>Every activation in double, unrolled, with a softmax loss.</summary>
[Network(Inputs = 6, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class DoubleEveryActivation
{
    [Dense(8, Activation.Sigmoid)] public partial DenseLayer<double> Squash { get; }
    [Dense(7, Activation.Tanh)] public partial DenseLayer<double> Bend { get; }
    [Dense(6, Activation.LeakyReLU, LeakySlope = 0.05)] public partial DenseLayer<double> Leak { get; }
    [Dense(5, Activation.ReLU)] public partial DenseLayer<double> Clip { get; }
    [Dense(3)] public partial DenseLayer<double> Logits { get; }
}

/// <summary>Every activation in float on the loop path (layers over 256 weights), a leaky slope above 1, a layer without bias.</summary>
[Network(Inputs = 40, Loss = Loss.SquaredError)]
public partial class FloatWideActivations
{
    [Dense(24, Activation.Tanh)] public partial DenseLayer Bend { get; }
    [Dense(20, Activation.Sigmoid)] public partial DenseLayer Squash { get; }
    [Dense(30, Activation.LeakyReLU, LeakySlope = 1.5)] public partial DenseLayer Steep { get; }
    [Dense(16, Activation.ReLU, Bias = false)] public partial DenseLayer Clip { get; }
    [Dense(4)] public partial DenseLayer Out { get; }
}

/// <summary>The same in double.</summary>
[Network(Inputs = 40, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class DoubleWideActivations
{
    [Dense(24, Activation.Tanh)] public partial DenseLayer<double> Bend { get; }
    [Dense(20, Activation.Sigmoid)] public partial DenseLayer<double> Squash { get; }
    [Dense(30, Activation.LeakyReLU, LeakySlope = 1.5)] public partial DenseLayer<double> Steep { get; }
    [Dense(16, Activation.ReLU, Bias = false)] public partial DenseLayer<double> Clip { get; }
    [Dense(4)] public partial DenseLayer<double> Out { get; }
}

/// <summary>A weight-tied autoencoder in float (loop path), the decoder with its own bias.</summary>
[Network(Inputs = 20, Loss = Loss.SquaredError)]
public partial class FloatTiedAutoencoder
{
    [Dense(40, Activation.ReLU)] public partial DenseLayer Encoder { get; }
    [Dense(20, Activation.Sigmoid, TiedTo = nameof(Encoder))] public partial DenseLayer Decoder { get; }
}

/// <summary>A small tied net in float (unrolled), tied layer with a leaky activation.</summary>
[Network(Inputs = 3, Loss = Loss.AbsoluteError)]
public partial class FloatTiedLeaky
{
    [Dense(4, Activation.Tanh)] public partial DenseLayer Down { get; }
    [Dense(3, Activation.LeakyReLU, LeakySlope = 0.1, TiedTo = nameof(Down))] public partial DenseLayer Up { get; }
}

/// <summary>A Convotron-style patch filter in float (Sigmoid, stride 2), then a dense head.</summary>
[Network(Inputs = 9, Loss = Loss.SquaredError)]
public partial class FloatPatchFilter
{
    [SharedFilter(3, 4, Activation.Sigmoid, Stride = 2)] public partial SharedFilterLayer Patches { get; }
    [Dense(2, Activation.Tanh)] public partial DenseLayer Head { get; }
}

/// <summary>A fixed-matrix shared filter in float with LeakyReLU.</summary>
[Network(Inputs = 8, Loss = Loss.SquaredError)]
public partial class FloatMatrixFilter
{
    [SharedFilter(5, 3, Activation.LeakyReLU, LeakySlope = 0.2)] public partial SharedFilterLayer Filter { get; }
}

/// <summary>
/// A fixed-matrix shared filter in double with Tanh, behind a dense layer and before another. Its generated gradient once
/// did not compile: the filter's row loop variable a2 clashed with layer 2's activation buffer a2.
/// </summary>
[Network(Inputs = 5, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class DoubleFilterInTheMiddle
{
    [Dense(6, Activation.ReLU)] public partial DenseLayer<double> Front { get; }
    [SharedFilter(3, 2, Activation.Tanh)] public partial SharedFilterLayer<double> Filter { get; }
    [Dense(2, Activation.Sigmoid)] public partial DenseLayer<double> Back { get; }
}

/// <summary>An Identity patch filter (stride 1, overlapping patches) in double with a LeakyReLU slope above 1.</summary>
[Network(Inputs = 7, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class DoubleIdentityPatches
{
    [SharedFilter(4, 4, Activation.Identity, Stride = 1)] public partial SharedFilterLayer<double> Patches { get; }
    [Dense(3, Activation.LeakyReLU, LeakySlope = 2.5)] public partial DenseLayer<double> Head { get; }
}
