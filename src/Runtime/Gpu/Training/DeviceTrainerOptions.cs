namespace DslNets.Gpu;

/// <summary>What a <see cref="DeviceTrainer{TNet, T}"/> adds to the trainer's options.</summary>
public sealed record DeviceTrainerOptions
{
    /// <summary>
    /// Read the batch loss back every this many steps and raise <see cref="DeviceTrainer{TNet, T}.BatchCompleted"/> then
    /// (1: every step, as the host trainer does; each read waits for the device). 0 reads nothing between epoch ends, where
    /// the losses of all steps are read at once and the events raised for them.
    /// </summary>
    public int ProgressInterval { get; init; } = 1;

    /// <summary>How the device network lays out its kernels.</summary>
    public DeviceNetworkOptions Network { get; init; } = new();
}
