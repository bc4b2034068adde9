namespace DslNets.PacBayes;

/// <summary>
/// Where the Gaussian draws of a PAC-Bayes trainer or certificate come from. Both are seeded; they give different numbers
/// for the same seed, so a result depends on the seed and the stream.
/// </summary>
/// <remarks>
/// The counter-based stream numbers its draws (<see cref="Gpu.DeviceRandom.Normal"/>(seed, index)) so that a host run and a
/// device run make the same draws and can be checked against each other. The index of a draw:
/// <list type="bullet">
/// <item>whole-network weights, draw t, parameter i (of P): t·P + i;</item>
/// <item>per-sample draws (<see cref="LocalReparameterisation"/>), trial t·m + j (draw t of bound sample j), draw o of layer l:
/// (t·m + j)·U + u_l + o, with U the draws of all layers and u_l those of the layers before l (a dense layer draws one per
/// unit, a convolution one per weight and then one per bias);</item>
/// <item>PAC-Bayes-by-backprop, step s (counted from 0 since the trainer was made), parameter i: s·P + i.</item>
/// </list>
/// </remarks>
public enum NoiseStream
{
    /// <summary>A <see cref="SeededRandom"/> read in order (Box–Muller, vectorised): the host's fastest; what earlier releases drew.</summary>
    Sequential = 0,

    /// <summary><see cref="Gpu.DeviceRandom.Normal"/>(seed, index): the stream the device paths draw, numbered as in the remarks.</summary>
    CounterBased = 1,
}
