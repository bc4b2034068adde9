using BenchmarkDotNet.Attributes;
using DslNets.Geometry;

namespace DslNets.Benchmarks.Regions;

/// <summary>The 784-128-128-128-10 MNIST network of the 2-D slice target.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
public partial class Mnist784x128x128x128x10
{
    [Dense(128, Activation.ReLU)] public partial DenseLayer Hidden1 { get; }
    [Dense(128, Activation.ReLU)] public partial DenseLayer Hidden2 { get; }
    [Dense(128, Activation.ReLU)] public partial DenseLayer Hidden3 { get; }
    [Dense(10)] public partial DenseLayer Logits { get; }
}

/// <summary>The 3-16-16-1 network of the n-D target.</summary>
[Network(Inputs = 3, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class Cube3x16x16x1
{
    [Dense(16, Activation.ReLU)] public partial DenseLayer<double> Hidden1 { get; }
    [Dense(16, Activation.ReLU)] public partial DenseLayer<double> Hidden2 { get; }
    [Dense(1)] public partial DenseLayer<double> Prediction { get; }
}

/// <summary>
/// Exact linear regions: the 2-D partition of the plane through three images for a 784-128-128-128-10 network (He
/// initialisation from seed 1; the images are seeded uniform [0, 1] pictures so the benchmark needs no data set — the
/// Regions sample does the same through real MNIST test images), and every region of a 3-16-16-1 network (He
/// initialisation, biases N(0, 0.1²)) in the unit cube. Regions per second = the region count printed at setup / the
/// mean time. Targets (issue 4): each ≤ 1 s.
/// </summary>
[MemoryDiagnoser]
public class RegionBenchmarks
{
    private readonly Mnist784x128x128x128x10 _mnist = new(seed: 1);
    private readonly Cube3x16x16x1 _cube = new(seed: 1);
    private double[] _origin = [];
    private double[] _u = [];
    private double[] _v = [];

    /// <summary>The window: the three images sit at (0, 0), (1, 0) and (0, 1).</summary>
    public static readonly SliceWindow Window = new(-0.25, 1.25, -0.25, 1.25);

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(7);
        double[][] images = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 784).Select(_ => random.NextDouble()).ToArray()).ToArray();
        _origin = images[0];
        _u = images[1].Zip(images[0], (a, b) => a - b).ToArray();
        _v = images[2].Zip(images[0], (a, b) => a - b).ToArray();
        // Nonzero biases, so the cube's regions are not all cones at the origin.
        var biases = new SeededRandom(8);
        for (int i = 0; i < 16; i++) { _cube.Hidden1.Bias[i] = 0.1 * biases.NextGaussian(); _cube.Hidden2.Bias[i] = 0.1 * biases.NextGaussian(); }
        Console.WriteLine($"// slice regions: {SlicePartition().Regions.Count}; cube regions: {CubeRegions().Regions.Count}");
    }

    [Benchmark(Description = "784-128-128-128-10 2-D slice partition")]
    public SlicePartition SlicePartition() => SliceRegions.Compute(_mnist, _origin, _u, _v, Window);

    [Benchmark(Description = "3-16-16-1 every region in the unit cube")]
    public RegionEnumeration CubeRegions() => InputSpaceRegions.Enumerate(_cube, [0.0, 0, 0], [1.0, 1, 1]);
}
