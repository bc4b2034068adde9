using DslNets.Gpu;
using DslNets.PacBayes;

namespace Certify;

/// <summary>
/// PAC-Bayes-by-backprop and the Monte-Carlo certificates, on the host (2 cores) or on a device (--device), behind one
/// face: the settings' code is the same either way. On a device the data is uploaded once and batches are gathered there;
/// the draws are the counter-based stream (<see cref="NoiseStream.CounterBased"/>), so a device run's numbers are not the
/// host run's for the same seed, but a host run with that stream would repeat them.
/// </summary>
public sealed class PosteriorRun<TNet> : IDisposable where TNet : IDeviceNetwork<TNet, double>
{
    private readonly ComputeDevice? _device;
    private readonly TNet _net;
    private readonly PacBayesTrainer<TNet>? _host;
    private readonly DevicePacBayesTrainer<TNet>? _onDevice;
    private readonly DeviceSamples? _samples;
    private readonly LabelledSet _data;
    private readonly double[] _inputs, _targets;

    /// <summary>A trainer of <paramref name="posterior"/> on <paramref name="data"/>, on <paramref name="device"/> when given.</summary>
    public PosteriorRun(ComputeDevice? device, TNet net, DiagonalGaussianPosterior posterior, GaussianPrior prior, PacBayesTrainerOptions options,
        LabelledSet data, int batch)
    {
        _device = device;
        _net = net;
        _data = data;
        Posterior = posterior;
        if (device is null)
        {
            _host = new PacBayesTrainer<TNet>(net, posterior, prior, options);
            _inputs = new double[batch * TNet.InputSize];
            _targets = new double[batch * TNet.OutputSize];
        }
        else
        {
            _onDevice = new DevicePacBayesTrainer<TNet>(device, net, posterior, prior, options);
            _samples = DeviceSamples.Upload(device, data.Inputs, TNet.InputSize, data.Targets, TNet.OutputSize);
            _inputs = _targets = [];
        }
    }

    /// <summary>The posterior being trained (current on the host after <see cref="Sync"/>).</summary>
    public DiagonalGaussianPosterior Posterior { get; }

    /// <summary>The prior (its scale is learnt with the Dziugaite–Roy objective).</summary>
    public GaussianPrior Prior => _host?.Prior ?? _onDevice!.Prior;

    /// <summary>One step on the samples <paramref name="rows"/> of the data.</summary>
    public PacBayesStepResult Step(ReadOnlySpan<int> rows)
    {
        if (_onDevice is not null) return _onDevice.Step(_samples!, rows);
        _data.Gather(rows, _inputs, _targets);
        return _host!.Step(_inputs, _targets);
    }

    /// <summary>Brings μ and ρ to the host posterior (a device run keeps them on the device between steps).</summary>
    public void Sync() => _onDevice?.DownloadPosterior();

    /// <summary>The certificate of the posterior on <paramref name="bound"/> (Dziugaite–Roy's union over prior scales when asked).</summary>
    public CertificateResult Certify(LabelledSet bound, int draws, double delta, double deltaPrime, long seed, MonteCarloSampling sampling, bool dziugaiteRoy)
    {
        Sync();
        if (_device is null)
            return dziugaiteRoy
                ? PacBayesCertificate.EvaluateDziugaiteRoy(_net, Posterior, Prior, bound.Inputs, bound.Targets, draws, delta, deltaPrime, seed, sampling: sampling)
                : PacBayesCertificate.Evaluate(_net, Posterior, Prior, bound.Inputs, bound.Targets, draws, delta, deltaPrime, seed, sampling: sampling);
        return dziugaiteRoy
            ? DeviceCertificate.EvaluateDziugaiteRoy(_device, _net, Posterior, Prior, bound.Inputs, bound.Targets, draws, delta, deltaPrime, seed, sampling: sampling)
            : DeviceCertificate.Evaluate(_device, _net, Posterior, Prior, bound.Inputs, bound.Targets, draws, delta, deltaPrime, seed, sampling: sampling);
    }

    /// <summary>Frees the device memory, if any.</summary>
    public void Dispose()
    {
        _onDevice?.Dispose();
        _samples?.Dispose();
    }
}
