namespace DslNets.Generator.Tests.Reference;

/// <summary>The reference against closed forms worked out by hand, and its reverse mode against finite differences.</summary>
public sealed class ReferenceNetworkTests
{
    private static ReferenceNetwork Reference(LayoutBuilder layout, Loss loss, double[] parameters, double[]? constants = null) =>
        new(layout.InputSize, layout.Layers, loss, parameters, constants ?? []);

    [Fact]
    public void DenseReluByHand()
    {
        // W = [[1, -1], [0.5, 2]], b = (0.1, -0.2), x = (1, 2): z = (-0.9, 4.3), ReLU → (0, 4.3).
        var layout = new LayoutBuilder(2).Dense("Hidden", 2, Activation.ReLU);
        var reference = Reference(layout, Loss.SquaredError, [1, -1, 0.5, 2, 0.1, -0.2]);
        NetworkChecks.AssertClose("Forward", [0.0, 4.3], reference.Forward([1, 2]), 1e-15);
        // ½((0 − 1)² + (4.3 − 4)²) = 0.545.
        Assert.Equal(0.545, reference.Loss([1, 2], [1, 4]), 1e-15);
    }

    [Fact]
    public void TiedLayerUsesTheTransposeAndItsOwnBias()
    {
        // Encoder W (3×2) = [[1, 2], [3, 4], [5, 6]], no bias; Decoder tied: y = Wᵀ h + c with c = (0.5, -0.5).
        var layout = new LayoutBuilder(2).Dense("Encoder", 3, bias: false).Dense("Decoder", 2, tiedTo: "Encoder");
        Assert.Equal(8, layout.ParameterCount);
        var reference = Reference(layout, Loss.SquaredError, [1, 2, 3, 4, 5, 6, 0.5, -0.5]);
        // h = W (1, -1) = (-1, -1, -1); Wᵀ h = (-(1 + 3 + 5), -(2 + 4 + 6)) = (-9, -12); + c = (-8.5, -12.5).
        NetworkChecks.AssertClose("Forward", [-8.5, -12.5], reference.Forward([1, -1]), 1e-15);
    }

    [Theory]
    [InlineData(1, 3, 1.0)]   // u = (2·1 − 2, 2·2 − 3, 2·3 − 4) = (0, 1, 2): mean ReLU = 1.
    [InlineData(2, 2, 1.0)]   // u = (2·1 − 2, 2·3 − 4) = (0, 2): mean = 1.
    [InlineData(3, 2, 1.5)]   // u = (2·1 − 2, 2·4 − 5) = (0, 3): mean = 1.5.
    public void SharedFilterPatchesByHand(int stride, int count, double expected)
    {
        var layout = new LayoutBuilder(5).SharedFilter("Filter", 2, count, Activation.ReLU, stride);
        var reference = Reference(layout, Loss.SquaredError, [2, -1]);
        Assert.Equal(expected, reference.Forward([1, 2, 3, 4, 5])[0], 1e-15);
    }

    [Fact]
    public void SharedFilterMatricesByHand()
    {
        // n = 2, r = 1, k = 2, A_1 = [1 0], A_2 = [0 1], w = 3, x = (1, -2): (ReLU(3) + ReLU(-6)) / 2 = 1.5.
        var layout = new LayoutBuilder(2).SharedFilter("Filter", 1, 2, Activation.ReLU);
        Assert.Equal(4, layout.ConstantCount);
        var reference = Reference(layout, Loss.SquaredError, [3], [1, 0, 0, 1]);
        Assert.Equal(1.5, reference.Forward([1, -2])[0], 1e-15);
        // Tanh, r = 2, k = 1, A = [[1, 1], [0, 2]], w = (1, -1): u = (x0 + x1) − 2 x1 = x0 − x1 = 3 → tanh 3.
        var tanh = new LayoutBuilder(2).SharedFilter("Filter", 2, 1, Activation.Tanh);
        Assert.Equal(Math.Tanh(3), Reference(tanh, Loss.SquaredError, [1, -1], [1, 1, 0, 2]).Forward([1, -2])[0], 1e-15);
    }

    [Theory]
    [InlineData(Activation.Identity, -2.0, -2.0)]
    [InlineData(Activation.ReLU, -2.0, 0.0)]
    [InlineData(Activation.ReLU, 2.0, 2.0)]
    [InlineData(Activation.LeakyReLU, -2.0, -0.5)]
    [InlineData(Activation.Sigmoid, 0.0, 0.5)]
    [InlineData(Activation.Tanh, 0.5, 0.46211715726000974)]
    public void ActivationsByHand(Activation activation, double z, double expected)
    {
        var layout = new LayoutBuilder(1).Dense("Only", 1, activation, bias: false, leakySlope: 0.25);
        Assert.Equal(expected, Reference(layout, Loss.SquaredError, [1]).Forward([z])[0], 1e-15);
    }

    [Fact]
    public void LossesByHand()
    {
        static double LossOf(Loss loss, double[] output, double[] target) =>
            Reference(new LayoutBuilder(output.Length).Dense("Out", output.Length, bias: false), loss, new double[output.Length * output.Length])
                .LossOf(output, target);

        Assert.Equal(0.5 * (1 + 9), LossOf(Loss.SquaredError, [1, 2], [0, 5]), 1e-15);
        Assert.Equal(1 + 3, LossOf(Loss.AbsoluteError, [1, 2], [0, 5]), 1e-15);
        Assert.Equal(Math.Log(2), LossOf(Loss.Logistic, [0], [0.3]), 1e-15);
        // softplus(2) − 0.25·2 = ln(1 + e²) − 0.5.
        Assert.Equal(Math.Log(1 + Math.Exp(2)) - 0.5, LossOf(Loss.Logistic, [2], [0.25]), 1e-14);
        Assert.Equal(0.75, LossOf(Loss.Hinge, [0.25], [1]), 1e-15);
        Assert.Equal(0.0, LossOf(Loss.Hinge, [-2], [-1]), 1e-15);
        // z = (0, ln 3), t = (0, 1): logsumexp = ln 4, loss = ln 4 − ln 3.
        Assert.Equal(Math.Log(4) - Math.Log(3), LossOf(Loss.SoftmaxCrossEntropy, [0, Math.Log(3)], [0, 1]), 1e-15);
        // A target of mass 2 counts logsumexp twice: 2 ln 4 − (ln 3 + 0).
        Assert.Equal(2 * Math.Log(4) - Math.Log(3), LossOf(Loss.SoftmaxCrossEntropy, [0, Math.Log(3)], [1, 1]), 1e-14);
    }

    /// <summary>Layouts covering every layer kind, activation and loss.</summary>
    public static TheoryData<string> Layouts() => new() { "A", "B", "C", "D", "E", "F" };

    private static (LayoutBuilder Layout, Loss Loss) Layout(string name) => name switch
    {
        "A" => (new LayoutBuilder(3).Dense("H1", 4, Activation.Tanh).Dense("H2", 3, Activation.Sigmoid).Dense("Out", 2, bias: false), Loss.SoftmaxCrossEntropy),
        "B" => (new LayoutBuilder(4).Dense("Enc", 3, Activation.LeakyReLU, leakySlope: 0.2).Dense("Dec", 4, Activation.ReLU, tiedTo: "Enc").Dense("Out", 1), Loss.Logistic),
        "C" => (new LayoutBuilder(5).SharedFilter("Filter", 2, 3, Activation.ReLU, stride: 1).Dense("Out", 1, Activation.Tanh), Loss.Hinge),
        "D" => (new LayoutBuilder(3).Dense("Lift", 4).SharedFilter("Filter", 2, 3, Activation.Tanh), Loss.AbsoluteError),
        "E" => (new LayoutBuilder(2).Dense("Hidden", 3, Activation.ReLU).Dense("Out", 2, Activation.Sigmoid), Loss.SquaredError),
        "F" => (new LayoutBuilder(6).SharedFilter("Filter", 3, 2, Activation.LeakyReLU, stride: 3, leakySlope: 0.3), Loss.SquaredError),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Expected a layout name A to F."),
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ReverseModeMatchesFiniteDifferences(string name)
    {
        (LayoutBuilder layout, Loss loss) = Layout(name);
        for (int seed = 1; seed <= 3; seed++)
        {
            ReferenceNetwork reference = layout.Build(loss, seed);
            var random = new SeededRandom(100 + seed);
            (double[] input, double[] target) = NetworkChecks.SampleAwayFromKinks(reference, random, NetworkChecks.KinkMargin);
            double[] parameters = reference.Parameters.ToArray();
            double[] constants = reference.Constants.ToArray();

            var parameterGradient = new double[layout.ParameterCount];
            var inputGradient = new double[layout.InputSize];
            double value = reference.Gradient(input, target, parameterGradient, inputGradient);
            Assert.Equal(reference.Loss(input, target), value, 1e-15);

            double LossAt() => new ReferenceNetwork(layout.InputSize, layout.Layers, loss, parameters, constants).Loss(input, target);
            Assert.Equal(value, LossAt(), 1e-15);
            FiniteDifferences.Check($"{name} parameter", parameters, LossAt, parameterGradient, Enumerable.Range(0, parameters.Length));
            FiniteDifferences.Check($"{name} input", input, LossAt, inputGradient, Enumerable.Range(0, input.Length));
        }
    }

    [Fact]
    public void GradientAddsToTheParameterGradientAndWritesTheInputGradient()
    {
        (LayoutBuilder layout, Loss loss) = Layout("A");
        ReferenceNetwork reference = layout.Build(loss, 7);
        (double[] input, double[] target) = NetworkChecks.Sample(reference, new SeededRandom(8));
        var once = new double[layout.ParameterCount];
        reference.Gradient(input, target, once, []);
        var twice = Enumerable.Repeat(1.0, layout.ParameterCount).ToArray();
        var inputGradient = new double[] { 9, 9, 9 };
        var inputOnce = new double[3];
        reference.Gradient(input, target, twice, inputGradient);
        reference.Gradient(input, target, twice, inputOnce);
        Assert.Equal(once.Select(g => 1 + 2 * g), twice, new ToleranceComparer(1e-14));
        Assert.Equal(inputOnce, inputGradient);
        Assert.Contains(inputOnce, g => g != 0.0);
    }

    [Fact]
    public void FiniteDifferencesCatchAWrongGradient()
    {
        (LayoutBuilder layout, Loss loss) = Layout("E");
        ReferenceNetwork reference = layout.Build(loss, 3);
        (double[] input, double[] target) = NetworkChecks.SampleAwayFromKinks(reference, new SeededRandom(4), NetworkChecks.KinkMargin);
        var gradient = new double[layout.ParameterCount];
        reference.Gradient(input, target, gradient, []);
        int largest = Array.IndexOf(gradient, gradient.MaxBy(Math.Abs));
        gradient[largest] *= 1.0001;
        double[] parameters = reference.Parameters.ToArray();
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => FiniteDifferences.Check("parameter", parameters,
            () => new ReferenceNetwork(2, layout.Layers, loss, parameters, []).Loss(input, target), gradient, Enumerable.Range(0, parameters.Length)));
        Assert.Contains($"parameter[{largest}]", failure.Message);
        Assert.Contains("1 of 17", failure.Message);
    }

    [Fact]
    public void KinkDistanceSeesReluAndHinge()
    {
        var layout = new LayoutBuilder(1).Dense("Hidden", 1, Activation.ReLU, bias: false).Dense("Out", 1, bias: false);
        var reference = Reference(layout, Loss.Hinge, [2, 1]);
        // z = 2x: |z| = 0.5 at x = 0.25; output 0.5, target 1: |1·0.5 − 1| = 0.5.
        Assert.Equal(0.5, reference.KinkDistance([0.25], [1]), 1e-15);
        Assert.Equal(0.02, reference.KinkDistance([0.01], [1]), 1e-15);
        // x = 0.505: z = 1.01, y·z − 1 = 0.01.
        Assert.Equal(0.01, reference.KinkDistance([0.505], [1]), 1e-12);
    }

    [Fact]
    public void InconsistentLayoutsAreRejectedNamingTheLayer()
    {
        var layers = new LayoutBuilder(2).Dense("Hidden", 3).Layers;
        var error = Assert.Throws<ArgumentException>(() => new ReferenceNetwork(4, layers, Loss.SquaredError, new double[9], []));
        Assert.Contains("Layer 'Hidden' has 2 inputs but the previous layer produces 4", error.Message);

        var tiedLater = new LayoutBuilder(2).Dense("Decoder", 3, tiedTo: "Encoder").Dense("Encoder", 2).Layers;
        error = Assert.Throws<ArgumentException>(() => new ReferenceNetwork(2, tiedLater, Loss.SquaredError, new double[20], []));
        Assert.Contains("Layer 'Decoder' is tied to 'Encoder', which is no earlier layer", error.Message);

        var patches = new LayoutBuilder(4).SharedFilter("Filter", 3, 2, stride: 2).Layers;
        error = Assert.Throws<ArgumentException>(() => new ReferenceNetwork(4, patches, Loss.SquaredError, new double[3], []));
        Assert.Contains("Layer 'Filter': patches need 5 inputs but the layer has 4", error.Message);

        error = Assert.Throws<ArgumentException>(() => new ReferenceNetwork(2, layers, Loss.SquaredError, new double[8], []));
        Assert.Contains("Layer 'Hidden': its bias at offset 6 with length 3 do not fit in 8 numbers", error.Message);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1.0, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
