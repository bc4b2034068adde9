using DslNets;
using DslNets.Checkpoints;
using DslNets.Data;
using DslNets.Optimizers;
using DslNets.PacBayes;

namespace Certify;

/// <summary>The steps both settings share: SGD, the 0-1 error of a network, PAC-Bayes-by-backprop epochs, saving a posterior.</summary>
public static class Training
{
    /// <summary>Mini-batch SGD with momentum on the network's own loss; calls <paramref name="onEpoch"/> with each epoch's mean loss.</summary>
    public static void Sgd<TNet>(TNet net, LabelledSet data, int epochs, int batch, double rate, double momentum, long seed, Action<int, double> onEpoch)
        where TNet : INetwork<TNet, double> =>
        SgdUntil(net, data, epochs, batch, rate, momentum, seed, (epoch, loss) => { onEpoch(epoch, loss); return true; });

    /// <summary>
    /// As <see cref="Sgd{TNet}"/>, but after each epoch <paramref name="goOn"/> (epoch, mean loss) says whether to run another,
    /// up to <paramref name="maxEpochs"/>; returns the epochs run.
    /// </summary>
    public static int SgdUntil<TNet>(TNet net, LabelledSet data, int maxEpochs, int batch, double rate, double momentum, long seed, Func<int, double, bool> goOn)
        where TNet : INetwork<TNet, double>
    {
        var optimizer = new Sgd<double>(TNet.ParameterCount, rate, momentum);
        var order = new MiniBatchOrder(data.Count, batch, seed, dropLast: true);
        double[] inputs = new double[batch * TNet.InputSize], targets = new double[batch * TNet.OutputSize], gradient = new double[TNet.ParameterCount];
        for (int epoch = 0; epoch < maxEpochs; epoch++)
        {
            if (epoch > 0) order.NextEpoch();
            double total = 0;
            for (int b = 0; b < order.BatchCount; b++)
            {
                data.Gather(order.Batch(b), inputs, targets);
                Array.Clear(gradient);
                double loss = net.GradientBatch(inputs, targets, gradient, 1.0 / batch);
                if (!double.IsFinite(loss)) throw new InvalidOperationException($"SGD: the loss became {loss} at epoch {epoch + 1}, batch {b + 1}; lower the learning rate ({rate}).");
                total += loss;
                optimizer.Step(net.Parameters, gradient);
            }
            if (!goOn(epoch + 1, total / order.BatchCount)) return epoch + 1;
        }
        return maxEpochs;
    }

    /// <summary>
    /// SGD with momentum on the mean μ of the weights under Gaussian weight noise: each batch's gradient is taken at
    /// w = μ + σ·ε, ε ~ N(0, I), and applied to μ; the network holds μ afterwards. Why: a prior centred on such a μ keeps
    /// its stochastic error near its deterministic one at scale σ (Pérez-Ortiz et al. train their prior with dropout for
    /// the same reason), and only the prior half of the data is used. With <paramref name="dropout"/> the network's dropout
    /// layers are active too (masks from the seed and the step). <typeparamref name="T"/> is the network's precision: a
    /// single-precision twin trains about twice as fast on the CPU.
    /// </summary>
    /// <remarks>With <paramref name="cosine"/> the rate anneals from <paramref name="rate"/> to 0 over all the steps (cosine), else it stays constant.</remarks>
    public static void NoisySgd<TNet, T>(TNet net, LabelledSet data, int epochs, int batch, double rate, double momentum, double sigma, long seed, Action<int, double> onEpoch,
        bool dropout = false, bool cosine = false)
        where TNet : INetwork<TNet, T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var optimizer = new Sgd<T>(TNet.ParameterCount, rate, momentum);
        var order = new MiniBatchOrder(data.Count, batch, seed, dropLast: true);
        var random = new SeededRandom(seed + 1);
        double[] inputs = new double[batch * TNet.InputSize], targets = new double[batch * TNet.OutputSize];
        T[] x = new T[inputs.Length], y = new T[targets.Length], gradient = new T[TNet.ParameterCount];
        T[] mean = (T[])net.Parameters.Clone(), noise = new T[TNet.ParameterCount];
        T scale = T.One / T.CreateChecked(batch);
        LearningRateSchedule schedule = cosine ? LearningRateSchedule.Cosine(rate, (long)epochs * order.BatchCount) : LearningRateSchedule.Constant(rate);
        long step = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            if (epoch > 0) order.NextEpoch();
            double total = 0;
            for (int b = 0; b < order.BatchCount; b++, step++)
            {
                data.Gather(order.Batch(b), inputs, targets);
                Convert(inputs, x);
                Convert(targets, y);
                random.FillGaussian<T>(noise, 0.0, sigma);
                for (int i = 0; i < mean.Length; i++) net.Parameters[i] = mean[i] + noise[i];
                Array.Clear(gradient);
                double loss = double.CreateChecked(dropout
                    ? net.GradientBatch(x, y, gradient, scale, new DropoutDraw(seed + 2, step))
                    : net.GradientBatch(x, y, gradient, scale));
                if (!double.IsFinite(loss)) throw new InvalidOperationException($"Noisy SGD: the loss became {loss} at epoch {epoch + 1}, batch {b + 1}; lower the learning rate ({rate}).");
                total += loss;
                optimizer.LearningRate = T.CreateChecked(schedule.At(step));
                optimizer.Step(mean, gradient);
            }
            mean.CopyTo(net.Parameters, 0);
            onEpoch(epoch + 1, total / order.BatchCount);
        }
    }

    private static void Convert<T>(ReadOnlySpan<double> source, Span<T> destination) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) source.CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(destination));
        else for (int i = 0; i < source.Length; i++) destination[i] = T.CreateTruncating(source[i]);
    }

    /// <summary>The 0-1 error of the network as its parameters stand (for a logistic output: logit &gt; 0 means class 1).</summary>
    public static double Error<TNet>(TNet net, LabelledSet data) where TNet : INetwork<TNet, double> => Error<TNet, double>(net, data);

    /// <summary>The 0-1 error of a network of precision <typeparamref name="T"/> as its parameters stand.</summary>
    public static double Error<TNet, T>(TNet net, LabelledSet data) where TNet : INetwork<TNet, T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        const int chunk = 500;
        int outputs = TNet.OutputSize, errors = 0;
        var predictions = new T[chunk * outputs];
        var x = new T[chunk * TNet.InputSize];
        for (int start = 0; start < data.Count; start += chunk)
        {
            int count = Math.Min(chunk, data.Count - start);
            Span<T> y = predictions.AsSpan(0, count * outputs);
            Convert(data.Inputs.AsSpan(start * TNet.InputSize, count * TNet.InputSize), x.AsSpan(0, count * TNet.InputSize));
            net.ForwardBatch(x.AsSpan(0, count * TNet.InputSize), y);
            for (int s = 0; s < count; s++)
            {
                ReadOnlySpan<T> row = y.Slice(s * outputs, outputs);
                ReadOnlySpan<double> target = data.Targets.AsSpan((start + s) * outputs, outputs);
                bool wrong = outputs == 1
                    ? (row[0] > T.Zero) != (target[0] > 0.5)
                    : ArgMax(row) != ArgMax(target);
                if (wrong) errors++;
            }
        }
        return (double)errors / data.Count;
    }

    /// <summary>One epoch of PAC-Bayes-by-backprop; returns the mean objective, bounded loss and the last KL.</summary>
    public static (double Objective, double Loss, double Kl) PosteriorEpoch<TNet>(PosteriorRun<TNet> run, MiniBatchOrder order, Action<int> onBatch)
        where TNet : DslNets.Gpu.IDeviceNetwork<TNet, double>
    {
        double objective = 0, loss = 0, kl = 0;
        for (int b = 0; b < order.BatchCount; b++)
        {
            PacBayesStepResult step = run.Step(order.Batch(b));
            if (!double.IsFinite(step.Objective)) throw new InvalidOperationException($"PAC-Bayes training: the objective became {step.Objective} at batch {b + 1}; lower the learning rate.");
            objective += step.Objective;
            loss += step.Loss;
            kl = step.Kl;
            onBatch(b);
        }
        order.NextEpoch();
        run.Sync();
        return (objective / order.BatchCount, loss / order.BatchCount, kl);
    }

    /// <summary>Saves μ and ρ (σ = softplus(ρ)) as safetensors, one tensor per layer and vector ("mean.Hidden.weight", "rho.…"),
    /// through a temporary file that is renamed.</summary>
    public static void SavePosterior<TNet>(string path, DiagonalGaussianPosterior posterior, IReadOnlyDictionary<string, string> metadata)
        where TNet : INetwork<TNet, double>
    {
        int count = TNet.ParameterCount;
        var tensors = TNet.Tensors.Select(t => t with { Name = "mean." + t.Name })
            .Concat(TNet.Tensors.Select(t => t with { Name = "rho." + t.Name, Offset = t.Offset + count })).ToList();
        var values = new double[2 * count];
        posterior.Mean.CopyTo(values, 0);
        posterior.Rho.CopyTo(values, count);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Checkpoint.SaveTensors<double>(path, tensors, values, metadata);
    }

    private static int ArgMax<T>(ReadOnlySpan<T> values) where T : System.Numerics.INumber<T>
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++) if (values[k] > values[best]) best = k;
        return best;
    }
}
