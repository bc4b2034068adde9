using System.Text;

namespace DslNets.Generator.Tests.Reference;

/// <summary>
/// Checks of a network against <see cref="ReferenceNetwork"/> and finite differences, generic over the network type
/// so they run on every generated double network (and on hand-written ones). Every check draws its samples from a
/// seed; inputs are N(0, 1); targets fit the loss (a probability vector for softmax, ±1 for hinge, [0, 1] for logistic).
/// </summary>
public static class NetworkChecks
{
    /// <summary>Forward, ForwardBatch and Loss agree with the reference to 1e-12 relative to max(1, |reference|).</summary>
    public const double ForwardTolerance = 1e-12;

    /// <summary>Gradients agree with the reference gradient to 1e-10 relative to max(1, max |reference gradient|).</summary>
    public const double GradientTolerance = 1e-10;

    /// <summary>
    /// At most this many input coordinates are checked against finite differences per sample (an image has hundreds, each
    /// costing two passes); every one when there are fewer.
    /// </summary>
    public const int MaxInputs = 160;

    /// <summary>How far from a kink (ReLU at 0, hinge at y·z = 1, |ŷ − t| = 0, two maxima of a pooling window) a finite-difference sample must be.</summary>
    public const double KinkMargin = 1e-4;

    /// <summary>Forward (one sample and a batch) and Loss equal the naive reference.</summary>
    public static void AssertForwardMatchesReference<TNet>(TNet net, int seed, int samples = 16) where TNet : INetwork<TNet, double>
    {
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(seed);
        int inputSize = TNet.InputSize, outputSize = TNet.OutputSize;
        var inputs = new double[samples * inputSize];
        var targets = new double[samples * outputSize];
        var expected = new double[samples][];
        var output = new double[outputSize];
        for (int s = 0; s < samples; s++)
        {
            Span<double> input = inputs.AsSpan(s * inputSize, inputSize);
            random.FillGaussian(input);
            RandomTarget(TNet.LossFunction, outputSize, random).CopyTo(targets, s * outputSize);
            ReadOnlySpan<double> target = targets.AsSpan(s * outputSize, outputSize);
            expected[s] = reference.Forward(input);
            net.Forward(input, output);
            AssertClose($"{typeof(TNet).Name}.Forward, sample {s}", expected[s], output, ForwardTolerance);
            double loss = reference.LossOf(expected[s], target);
            AssertClose($"{typeof(TNet).Name}.Loss, sample {s}", [loss], [net.ComputeLoss(input, target)], ForwardTolerance);
        }

        var outputs = new double[samples * outputSize];
        net.ForwardBatch(inputs, outputs);
        for (int s = 0; s < samples; s++)
        {
            AssertClose($"{typeof(TNet).Name}.ForwardBatch, sample {s} of {samples}", expected[s], outputs.AsSpan(s * outputSize, outputSize), ForwardTolerance);
        }
    }

    /// <summary>
    /// The parameter and input gradients of <c>Gradient</c> equal central finite differences of <c>Loss</c>
    /// (see <see cref="FiniteDifferences"/>) at <paramref name="samples"/> samples away from kinks; at most <paramref name="maxParameters"/>
    /// parameters are checked per sample (all of them when there are fewer; else a seeded choice that includes each
    /// layer's first and last).
    /// </summary>
    public static void AssertGradientMatchesFiniteDifferences<TNet>(TNet net, int seed, int samples = 3, int maxParameters = 400, int maxInputs = MaxInputs) where TNet : INetwork<TNet, double>
    {
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(seed);
        string name = typeof(TNet).Name;
        for (int s = 0; s < samples; s++)
        {
            (double[] input, double[] target) = SampleAwayFromKinks(reference, random, KinkMargin);
            var parameterGradient = new double[TNet.ParameterCount];
            var inputGradient = new double[TNet.InputSize];
            double loss = net.Gradient(input, target, parameterGradient, inputGradient, 1.0);
            AssertClose($"{name}.Gradient's returned loss, sample {s}", [net.ComputeLoss(input, target)], [loss], ForwardTolerance);

            double[] parameters = net.Parameters;
            FiniteDifferences.Check($"{name} (sample {s}) parameter", parameters, () => net.ComputeLoss(input, target), parameterGradient,
                ParameterIndices(TNet.Layers, TNet.ParameterCount, maxParameters, random));
            FiniteDifferences.Check($"{name} (sample {s}) input", input, () => net.ComputeLoss(input, target), inputGradient,
                Indices(TNet.InputSize, maxInputs, random));
        }
    }

    /// <summary>Gradient (both overloads) equals the reference's reverse mode at random samples, kinks or not.</summary>
    public static void AssertGradientMatchesReference<TNet>(TNet net, int seed, int samples = 4) where TNet : INetwork<TNet, double>
    {
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(seed);
        for (int s = 0; s < samples; s++)
        {
            (double[] input, double[] target) = Sample(reference, random);
            var expectedParameters = new double[TNet.ParameterCount];
            var expectedInput = new double[TNet.InputSize];
            double expectedLoss = reference.Gradient(input, target, expectedParameters, expectedInput);

            var parameters = new double[TNet.ParameterCount];
            var inputGradient = new double[TNet.InputSize];
            double loss = net.Gradient(input, target, parameters, inputGradient, 1.0);
            var parametersOnly = new double[TNet.ParameterCount];
            double lossOnly = net.Gradient(input, target, parametersOnly, 1.0);

            string name = typeof(TNet).Name;
            AssertClose($"{name}.Gradient loss, sample {s}", [expectedLoss], [loss], ForwardTolerance);
            AssertClose($"{name}.Gradient (4 arguments) loss, sample {s}", [expectedLoss], [lossOnly], ForwardTolerance);
            AssertClose($"{name}.Gradient parameter gradient, sample {s}", expectedParameters, parameters, GradientTolerance);
            AssertClose($"{name}.Gradient (4 arguments) parameter gradient, sample {s}", expectedParameters, parametersOnly, GradientTolerance);
            AssertClose($"{name}.Gradient input gradient, sample {s}", expectedInput, inputGradient, GradientTolerance);
        }
    }

    /// <summary>
    /// Gradient adds scale·∇ℓ into the parameter gradient (calling it twice doubles what it added), returns scale·ℓ,
    /// and writes (not adds) scale·∇_x ℓ into the input gradient.
    /// </summary>
    public static void AssertGradientAccumulatesAndScales<TNet>(TNet net, int seed) where TNet : INetwork<TNet, double>
    {
        const double scale = 0.37;
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(seed);
        (double[] input, double[] target) = Sample(reference, random);
        string name = typeof(TNet).Name;
        int count = TNet.ParameterCount;

        var once = new double[count];
        double loss = net.Gradient(input, target, once, 1.0);

        var start = new double[count];
        random.FillGaussian<double>(start);
        var twice = (double[])start.Clone();
        net.Gradient(input, target, twice, 1.0);
        net.Gradient(input, target, twice, 1.0);
        AssertClose($"{name}.Gradient called twice on a non-zero buffer (start + 2·∇ℓ)",
            start.Select((s, i) => s + 2.0 * once[i]).ToArray(), twice, GradientTolerance);

        var scaled = new double[count];
        var inputGradient = Enumerable.Repeat(12345.0, TNet.InputSize).ToArray();
        double scaledLoss = net.Gradient(input, target, scaled, inputGradient, scale);
        var unscaledInput = new double[TNet.InputSize];
        net.Gradient(input, target, new double[count], unscaledInput, 1.0);
        AssertClose($"{name}.Gradient with scale {scale}: returned loss", [scale * loss], [scaledLoss], ForwardTolerance);
        AssertClose($"{name}.Gradient with scale {scale}: parameter gradient", once.Select(g => scale * g).ToArray(), scaled, GradientTolerance);
        AssertClose($"{name}.Gradient with scale {scale}: input gradient (written over 12345s)",
            unscaledInput.Select(g => scale * g).ToArray(), inputGradient, GradientTolerance);

        var scaledOnly = new double[count];
        double scaledOnlyLoss = net.Gradient(input, target, scaledOnly, scale);
        AssertClose($"{name}.Gradient (4 arguments) with scale {scale}: returned loss", [scale * loss], [scaledOnlyLoss], ForwardTolerance);
        AssertClose($"{name}.Gradient (4 arguments) with scale {scale}: parameter gradient", once.Select(g => scale * g).ToArray(), scaledOnly, GradientTolerance);
    }

    /// <summary>GradientBatch adds scale·Σ of the per-sample gradients and returns scale·Σ of the losses.</summary>
    public static void AssertGradientBatchIsSumOfSamples<TNet>(TNet net, int seed, int batch = 5) where TNet : INetwork<TNet, double>
    {
        const double scale = 0.25;
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(seed);
        int inputSize = TNet.InputSize, outputSize = TNet.OutputSize, count = TNet.ParameterCount;
        var inputs = new double[batch * inputSize];
        var targets = new double[batch * outputSize];
        var start = new double[count];
        random.FillGaussian<double>(start);
        var expected = (double[])start.Clone();
        double expectedLoss = 0.0;
        for (int s = 0; s < batch; s++)
        {
            (double[] input, double[] target) = Sample(reference, random);
            input.CopyTo(inputs, s * inputSize);
            target.CopyTo(targets, s * outputSize);
            expectedLoss += net.Gradient(input, target, expected, scale);
        }

        var actual = (double[])start.Clone();
        double loss = net.GradientBatch(inputs, targets, actual, scale);
        string name = typeof(TNet).Name;
        AssertClose($"{name}.GradientBatch of {batch}: returned loss", [expectedLoss], [loss], ForwardTolerance);
        AssertClose($"{name}.GradientBatch of {batch}: parameter gradient (start + Σ per-sample)", expected, actual, GradientTolerance);
    }

    /// <summary>
    /// GradientBatch with an input gradient adds the same parameter gradient as the per-sample Gradient calls, returns
    /// the same loss, and writes (over 12345s) each sample's scale·∇_x ℓ_j, as the single-sample Gradient gives it,
    /// into row j.
    /// </summary>
    public static void AssertGradientBatchInputGradientMatchesSamples<TNet>(TNet net, int seed, int batch = 5) where TNet : INetwork<TNet, double>
    {
        const double scale = 0.4;
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(seed);
        int inputSize = TNet.InputSize, outputSize = TNet.OutputSize, count = TNet.ParameterCount;
        var inputs = new double[batch * inputSize];
        var targets = new double[batch * outputSize];
        var start = new double[count];
        random.FillGaussian<double>(start);
        var expected = (double[])start.Clone();
        var expectedInput = new double[batch * inputSize];
        double expectedLoss = 0.0;
        for (int s = 0; s < batch; s++)
        {
            (double[] input, double[] target) = Sample(reference, random);
            input.CopyTo(inputs, s * inputSize);
            target.CopyTo(targets, s * outputSize);
            expectedLoss += net.Gradient(input, target, expected, expectedInput.AsSpan(s * inputSize, inputSize), scale);
        }

        var actual = (double[])start.Clone();
        double[] inputGradient = Enumerable.Repeat(12345.0, batch * inputSize).ToArray();
        double loss = net.GradientBatch(inputs, targets, actual, inputGradient, scale);
        string name = typeof(TNet).Name;
        AssertClose($"{name}.GradientBatch of {batch} with input gradient: returned loss", [expectedLoss], [loss], ForwardTolerance);
        AssertClose($"{name}.GradientBatch of {batch} with input gradient: parameter gradient (start + Σ per-sample)", expected, actual, GradientTolerance);
        AssertClose($"{name}.GradientBatch of {batch}: input gradient rows (written over 12345s) against single-sample Gradient", expectedInput, inputGradient, GradientTolerance);

        var withoutInput = (double[])start.Clone();
        net.GradientBatch(inputs, targets, withoutInput, scale);
        AssertClose($"{name}.GradientBatch of {batch}: parameter gradient with and without the input gradient", withoutInput, actual, GradientTolerance);
    }

    /// <summary>
    /// The input gradient of GradientBatch equals central finite differences of Σ_j ℓ_j in every input of the batch (at most
    /// <paramref name="maxInputs"/> of them, a seeded choice with the first and last, when there are more), at samples away
    /// from kinks.
    /// </summary>
    public static void AssertGradientBatchInputGradientMatchesFiniteDifferences<TNet>(TNet net, int seed, int batch = 4, int maxInputs = MaxInputs) where TNet : INetwork<TNet, double>
    {
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(seed);
        int inputSize = TNet.InputSize, outputSize = TNet.OutputSize;
        var inputs = new double[batch * inputSize];
        var targets = new double[batch * outputSize];
        for (int s = 0; s < batch; s++)
        {
            (double[] input, double[] target) = SampleAwayFromKinks(reference, random, KinkMargin);
            input.CopyTo(inputs, s * inputSize);
            target.CopyTo(targets, s * outputSize);
        }

        var inputGradient = new double[batch * inputSize];
        net.GradientBatch(inputs, targets, new double[TNet.ParameterCount], inputGradient, 1.0);
        double BatchLoss()
        {
            double total = 0.0;
            for (int s = 0; s < batch; s++) total += net.ComputeLoss(inputs.AsSpan(s * inputSize, inputSize), targets.AsSpan(s * outputSize, outputSize));
            return total;
        }

        FiniteDifferences.Check($"{typeof(TNet).Name}.GradientBatch of {batch}: input", inputs, BatchLoss, inputGradient, Indices(inputs.Length, maxInputs, random));
    }

    /// <summary>Networks whose forward pass costs more multiply-adds per sample than this get fewer samples and coordinates.</summary>
    public const long HeavyMultiplyAdds = 1_000_000;

    /// <summary>
    /// Every check above, each with its own seed derived from <paramref name="seed"/>. A heavy network (more than
    /// <see cref="HeavyMultiplyAdds"/> per sample, where each pass takes milliseconds) is checked on fewer samples, parameters
    /// and input coordinates, every check still run.
    /// </summary>
    public static void AssertAll<TNet>(TNet net, int seed) where TNet : INetwork<TNet, double>
    {
        bool heavy = TNet.Layers.Sum(layer => layer.MultiplyAdds) > HeavyMultiplyAdds;
        AssertForwardMatchesReference(net, seed, samples: heavy ? 4 : 16);
        AssertGradientMatchesReference(net, seed + 1, samples: heavy ? 2 : 4);
        AssertGradientMatchesFiniteDifferences(net, seed + 2, samples: heavy ? 1 : 3, maxParameters: heavy ? 100 : 400, maxInputs: heavy ? 40 : MaxInputs);
        AssertGradientAccumulatesAndScales(net, seed + 3);
        AssertGradientBatchIsSumOfSamples(net, seed + 4, batch: heavy ? 3 : 5);
        AssertGradientBatchInputGradientMatchesSamples(net, seed + 5, batch: heavy ? 3 : 5);
        AssertGradientBatchInputGradientMatchesFiniteDifferences(net, seed + 6, batch: heavy ? 2 : 4, maxInputs: heavy ? 40 : MaxInputs);
    }

    /// <summary>
    /// Forward of a float network equals the double reference at its (widened) parameters to
    /// <paramref name="tolerance"/> relative to max(1, |reference|): float rounding, nothing more.
    /// </summary>
    public static void AssertSingleForwardMatchesReference<TNet>(TNet net, int seed, int samples = 16, double tolerance = 1e-4) where TNet : INetwork<TNet, float>
    {
        ReferenceNetwork reference = ReferenceNetwork.OfSingle(net);
        var random = new SeededRandom(seed);
        var input = new float[TNet.InputSize];
        var output = new float[TNet.OutputSize];
        for (int s = 0; s < samples; s++)
        {
            random.FillGaussian<float>(input);
            double[] wide = input.Select(x => (double)x).ToArray();
            net.Forward(input, output);
            AssertClose($"{typeof(TNet).Name}.Forward (float), sample {s}", reference.Forward(wide), output.Select(y => (double)y).ToArray(), tolerance);
            double[] target = RandomTarget(TNet.LossFunction, TNet.OutputSize, random);
            float loss = net.ComputeLoss(input, target.Select(t => (float)t).ToArray());
            AssertClose($"{typeof(TNet).Name}.Loss (float), sample {s}", [reference.Loss(wide, target)], [loss], tolerance);
        }
    }

    /// <summary>Gradient of a float network equals the double reference gradient to <paramref name="tolerance"/> relative to its largest entry.</summary>
    public static void AssertSingleGradientMatchesReference<TNet>(TNet net, int seed, int samples = 4, double tolerance = 1e-4) where TNet : INetwork<TNet, float>
    {
        ReferenceNetwork reference = ReferenceNetwork.OfSingle(net);
        var random = new SeededRandom(seed);
        for (int s = 0; s < samples; s++)
        {
            // Float rounding can move a pre-activation across 0, so float samples keep a wider margin from kinks.
            (double[] input, double[] target) = SampleAwayFromKinks(reference, random, 1e-2, widenFromSingle: true);
            var expectedParameters = new double[TNet.ParameterCount];
            var expectedInput = new double[TNet.InputSize];
            double expectedLoss = reference.Gradient(input, target, expectedParameters, expectedInput);
            var parameters = new float[TNet.ParameterCount];
            var inputGradient = new float[TNet.InputSize];
            float loss = net.Gradient(input.Select(x => (float)x).ToArray(), target.Select(t => (float)t).ToArray(), parameters, inputGradient, 1f);
            string name = typeof(TNet).Name;
            AssertClose($"{name}.Gradient (float) loss, sample {s}", [expectedLoss], [loss], tolerance);
            AssertClose($"{name}.Gradient (float) parameter gradient, sample {s}", expectedParameters, parameters.Select(g => (double)g).ToArray(), tolerance);
            AssertClose($"{name}.Gradient (float) input gradient, sample {s}", expectedInput, inputGradient.Select(g => (double)g).ToArray(), tolerance);
        }
    }

    /// <summary>A random sample: input N(0, 1) and a target that fits the loss.</summary>
    public static (double[] Input, double[] Target) Sample(ReferenceNetwork reference, SeededRandom random)
    {
        var input = new double[reference.InputSize];
        random.FillGaussian<double>(input);
        return (input, RandomTarget(reference.LossFunction, reference.OutputSize, random));
    }

    /// <summary>
    /// A random sample whose <see cref="ReferenceNetwork.KinkDistance"/> is at least <paramref name="margin"/>;
    /// fails after 1000 tries naming the closest distance seen.
    /// </summary>
    public static (double[] Input, double[] Target) SampleAwayFromKinks(ReferenceNetwork reference, SeededRandom random, double margin, bool widenFromSingle = false)
    {
        double closest = 0.0;
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            (double[] input, double[] target) = Sample(reference, random);
            if (widenFromSingle)
            {
                for (int i = 0; i < input.Length; i++) input[i] = (float)input[i];
                for (int i = 0; i < target.Length; i++) target[i] = (float)target[i];
            }

            double distance = reference.KinkDistance(input, target);
            if (distance >= margin) return (input, target);
            closest = Math.Max(closest, distance);
        }

        throw new InvalidOperationException(
            $"Found no sample at least {margin} away from a kink in 1000 tries (the best was {closest}); the network may have dead units.");
    }

    /// <summary>A target that fits the loss: N(0, 1) for squared and absolute error, U[0, 1] for logistic, ±1 for hinge, a probability vector for softmax.</summary>
    public static double[] RandomTarget(Loss loss, int outputSize, SeededRandom random)
    {
        var target = new double[outputSize];
        switch (loss)
        {
            case Loss.Logistic:
                target[0] = random.NextDouble();
                break;
            case Loss.Hinge:
                target[0] = random.NextDouble() < 0.5 ? -1.0 : 1.0;
                break;
            case Loss.SoftmaxCrossEntropy:
            {
                double sum = 0.0;
                for (int k = 0; k < outputSize; k++) sum += target[k] = 0.05 + random.NextDouble();
                for (int k = 0; k < outputSize; k++) target[k] /= sum;
                break;
            }
            default:
                random.FillGaussian<double>(target);
                break;
        }

        return target;
    }

    /// <summary>Fails when max |expected − actual| exceeds tolerance·max(1, max |expected|), listing the worst entries.</summary>
    public static void AssertClose(string what, ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        if (expected.Length != actual.Length) Assert.Fail($"{what}: expected length {expected.Length} but got length {actual.Length}.");
        double scale = 1.0;
        foreach (double value in expected) scale = Math.Max(scale, Math.Abs(value));
        double allowed = tolerance * scale;
        var bad = new List<int>();
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= allowed)) bad.Add(i);
        }

        if (bad.Count == 0) return;
        var message = new StringBuilder($"{what}: {bad.Count} of {expected.Length} entries differ by more than {allowed:G3} ({tolerance:G3} × scale {scale:G3}):\n");
        foreach (int i in bad.Take(10)) message.AppendLine($"  [{i}] expected {expected[i]:R}, got {actual[i]:R}");
        Assert.Fail(message.ToString());
    }

    /// <summary>Every index below <paramref name="count"/> when there are at most <paramref name="max"/>, else the first, the last and a seeded choice.</summary>
    private static IEnumerable<int> Indices(int count, int max, SeededRandom random)
    {
        if (count <= max) return Enumerable.Range(0, count);
        var chosen = new SortedSet<int> { 0, count - 1 };
        while (chosen.Count < max) chosen.Add(random.NextInt(count));
        return chosen;
    }

    private static IEnumerable<int> ParameterIndices(IReadOnlyList<LayerInfo> layers, int parameterCount, int max, SeededRandom random)
    {
        if (parameterCount <= max) return Enumerable.Range(0, parameterCount);
        var chosen = new SortedSet<int>();
        foreach (LayerInfo layer in layers)
        {
            if (layer.WeightCount > 0)
            {
                chosen.Add(layer.WeightOffset);
                chosen.Add(layer.WeightOffset + layer.WeightCount - 1);
            }

            if (layer.BiasCount > 0)
            {
                chosen.Add(layer.BiasOffset);
                chosen.Add(layer.BiasOffset + layer.BiasCount - 1);
            }
        }

        while (chosen.Count < max) chosen.Add(random.NextInt(parameterCount));
        return chosen;
    }
}
