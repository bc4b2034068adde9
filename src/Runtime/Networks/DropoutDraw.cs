namespace DslNets;

/// <summary>
/// Which dropout masks a training pass draws: a seed, a step, and the index of the pass's first sample. The masks are
/// counter-based (<see cref="DropoutMask"/>): unit u of dropout layer l for sample s is a pure function of (seed, step,
/// l, s, u), so a pass is repeated exactly, in any order and on any number of threads, and a resumed training run draws
/// what an uninterrupted one would. <c>default</c> is inactive: a pass given it treats dropout as the identity, as
/// <c>Forward</c> does.
/// </summary>
public readonly struct DropoutDraw
{
    /// <summary>An active draw for the pass of training step <paramref name="step"/> under <paramref name="seed"/>; its first sample is number <paramref name="sample"/>.</summary>
    public DropoutDraw(long seed, long step, int sample = 0)
    {
        Seed = seed;
        Step = step;
        Sample = sample;
        IsActive = true;
    }

    /// <summary>The training run's seed.</summary>
    public long Seed { get; }

    /// <summary>The training step (the trainer passes its global step count).</summary>
    public long Step { get; }

    /// <summary>The index of the pass's first sample; a batch's row j uses <see cref="Sample"/> + j.</summary>
    public int Sample { get; }

    /// <summary>Whether dropout is applied; false for <c>default</c>.</summary>
    public bool IsActive { get; }

    /// <summary>The same draw for the sample <paramref name="offset"/> rows further on (row j of a batch).</summary>
    public DropoutDraw ForSample(int offset) => IsActive ? new DropoutDraw(Seed, Step, Sample + offset) : default;
}
