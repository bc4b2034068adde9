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

/// <summary>
/// Convolutions and pooling off the defaults in float: stride 2 with padding 1 (an odd width, so the last column is
/// dropped), a rectangular 3×2 kernel with padding 2 and no bias, average pooling 3 at stride 2 (overlapping windows), max
/// pooling 2 at stride 1, then a dense readout over the implied flatten.
/// </summary>
[Network(InputShape = [2, 9, 8], Loss = Loss.SquaredError)]
public partial class FloatImageStrides
{
    [Conv2D(3, 3, Activation.ReLU, Stride = 2, Padding = 1)] public partial Conv2DLayer Wide { get; }
    [Conv2D(4, 0, Activation.Tanh, KernelHeight = 3, KernelWidth = 2, Padding = 2, Bias = false)] public partial Conv2DLayer Rect { get; }
    [AvgPool(3, Stride = 2)] public partial PoolLayer Mean { get; }
    [MaxPool(2, Stride = 1)] public partial PoolLayer Peak { get; }
    [Dense(3)] public partial DenseLayer Out { get; }
}

/// <summary>The same in double (the gathered convolution and average of the double export).</summary>
[Network(InputShape = [2, 9, 8], Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class DoubleImageStrides
{
    [Conv2D(3, 3, Activation.ReLU, Stride = 2, Padding = 1)] public partial Conv2DLayer<double> Wide { get; }
    [Conv2D(4, 0, Activation.Tanh, KernelHeight = 3, KernelWidth = 2, Padding = 2, Bias = false)] public partial Conv2DLayer<double> Rect { get; }
    [AvgPool(3, Stride = 2)] public partial PoolLayer Mean { get; }
    [MaxPool(2, Stride = 1)] public partial PoolLayer Peak { get; }
    [Dense(3)] public partial DenseLayer<double> Out { get; }
}

/// <summary>
/// Dropout (the identity in the model) on the input image, on an inner image and on a vector; a residual over an image
/// adding a LeakyReLU convolution's output two layers back (1×1 and padded 3×3 convolutions between), ReLU after the sum;
/// average pooling 2 at stride 3 (gaps between windows); an explicit flatten; a residual over dense vectors with Tanh;
/// float.
/// </summary>
[Network(InputShape = [3, 6, 6], Loss = Loss.SquaredError)]
public partial class FloatResidualDropout
{
    [Dropout(0.3)] public partial DropoutLayer InDrop { get; }
    [Conv2D(3, 3, Activation.LeakyReLU, Padding = 1, LeakySlope = 0.2)] public partial Conv2DLayer Front { get; }
    [Conv2D(3, 1, Activation.Sigmoid)] public partial Conv2DLayer Mix { get; }
    [Conv2D(3, 3, Padding = 1)] public partial Conv2DLayer Back { get; }
    [Residual(Activation.ReLU, From = nameof(Front))] public partial ResidualLayer Skip { get; }
    [Dropout(0.5)] public partial DropoutLayer Drop { get; }
    [AvgPool(2, Stride = 3)] public partial PoolLayer Gapped { get; }
    [Flatten] public partial FlattenLayer Flat { get; }
    [Dense(5, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(5)] public partial DenseLayer Inner { get; }
    [Residual(Activation.Tanh, From = nameof(Hidden))] public partial ResidualLayer VectorSkip { get; }
    [Dropout(0.2)] public partial DropoutLayer VectorDrop { get; }
    [Dense(2)] public partial DenseLayer Out { get; }
}

/// <summary>The same in double (a LeakyReLU convolution as Max(z, α·z)).</summary>
[Network(InputShape = [3, 6, 6], Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class DoubleResidualDropout
{
    [Dropout(0.3)] public partial DropoutLayer InDrop { get; }
    [Conv2D(3, 3, Activation.LeakyReLU, Padding = 1, LeakySlope = 0.2)] public partial Conv2DLayer<double> Front { get; }
    [Conv2D(3, 1, Activation.Sigmoid)] public partial Conv2DLayer<double> Mix { get; }
    [Conv2D(3, 3, Padding = 1)] public partial Conv2DLayer<double> Back { get; }
    [Residual(Activation.ReLU, From = nameof(Front))] public partial ResidualLayer Skip { get; }
    [Dropout(0.5)] public partial DropoutLayer Drop { get; }
    [AvgPool(2, Stride = 3)] public partial PoolLayer Gapped { get; }
    [Flatten] public partial FlattenLayer Flat { get; }
    [Dense(5, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(5)] public partial DenseLayer<double> Inner { get; }
    [Residual(Activation.Tanh, From = nameof(Hidden))] public partial ResidualLayer VectorSkip { get; }
    [Dropout(0.2)] public partial DropoutLayer VectorDrop { get; }
    [Dense(2)] public partial DenseLayer<double> Out { get; }
}

/// <summary>
/// A net that ends in an image: a LeakyReLU convolution with slope above 1 (Min(z, α·z) in double), then max pooling; its
/// output is the pooled image read channel-major; softmax cross-entropy, so the softmax is appended to a flattened image.
/// </summary>
[Network(InputShape = [1, 5, 5], Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class DoubleImageOutput
{
    [Conv2D(2, 2, Activation.LeakyReLU, LeakySlope = 1.5)] public partial Conv2DLayer<double> Steep { get; }
    [MaxPool(2)] public partial PoolLayer Pool { get; }
}

/// <summary>The same in float, ending in average pooling and a residual over it.</summary>
[Network(InputShape = [1, 5, 5], Loss = Loss.SoftmaxCrossEntropy)]
public partial class FloatImageOutput
{
    [Conv2D(2, 2, Activation.LeakyReLU, LeakySlope = 1.5)] public partial Conv2DLayer Steep { get; }
    [AvgPool(2)] public partial PoolLayer Pool { get; }
    [Conv2D(2, 1)] public partial Conv2DLayer Mix { get; }
    [Residual(From = nameof(Pool))] public partial ResidualLayer Skip { get; }
}

/// <summary>A network with an image input whose first layer is dense: it reads the image as its vector, so the model's input is batch × InputSize.</summary>
[Network(InputShape = [2, 3, 3], Loss = Loss.SquaredError)]
public partial class FloatDenseOnImage
{
    [Dense(4, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(2)] public partial DenseLayer Out { get; }
}

/// <summary>An explicit flatten as the first layer: the model's input is batch × C × H × W, flattened in the graph.</summary>
[Network(InputShape = [2, 3, 3], Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class DoubleFlattenFirst
{
    [Flatten] public partial FlattenLayer Flat { get; }
    [Dense(2, Activation.Sigmoid)] public partial DenseLayer<double> Out { get; }
}
