using System.Numerics;
using DslNets.Optimizers;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// The device (ILGPU) counterpart of <see cref="Optimizer{T}"/>: the same update, element by element in the same
/// order of operations, on parameter and gradient vectors that live on an <see cref="ILGPU.Runtime.Accelerator"/>.
/// The state (moments, velocities) is allocated on the device once at construction and the kernels are loaded once;
/// <see cref="Step"/> only enqueues kernels on the accelerator's default stream (no host round trip, no allocation).
/// <see cref="CopyStateFrom"/> and <see cref="CopyStateTo"/> move the learning rate, step count and state between
/// this optimiser and the matching host one, so a run can change sides mid-way; <see cref="DeviceOptimizer.Create"/>
/// builds the device version of a host optimiser.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public abstract class DeviceOptimizer<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<MemoryBuffer1D<T, Stride1D.Dense>> _state = [];
    private T _learningRate;
    private bool _disposed;

    // private protected: the state hand-over needs the host optimisers' internal state, so only this assembly's
    // device optimisers can derive from this class.
    private protected DeviceOptimizer(Accelerator accelerator, int parameterCount, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        if (parameterCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, $"{Name}: expected a positive parameter count but got {parameterCount}.");
        Accelerator = accelerator;
        ParameterCount = parameterCount;
        _learningRate = CheckLearningRate(T.CreateChecked(learningRate));
    }

    /// <summary>The accelerator that holds the state and runs the kernels.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The length of the parameter and gradient vectors this optimiser was built for.</summary>
    public int ParameterCount { get; }

    /// <summary>The step size used by the next <see cref="Step"/> (finite, not negative); a schedule may change it between steps.</summary>
    public T LearningRate
    {
        get => _learningRate;
        set => _learningRate = CheckLearningRate(value);
    }

    /// <summary>How many steps have been taken since construction, the last <see cref="Reset"/> or the state copied in.</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// Enqueues the update of <paramref name="parameters"/> from <paramref name="gradient"/> (the gradient at the
    /// current parameters) on the default stream; it returns before the kernel has run. Both views must be on
    /// <see cref="Accelerator"/> and have length <see cref="ParameterCount"/>; otherwise an
    /// <see cref="ArgumentException"/> names both lengths.
    /// </summary>
    /// <param name="parameters">The parameters, updated in place on the device.</param>
    /// <param name="gradient">The gradient (read only).</param>
    public void Step(ArrayView<T> parameters, ArrayView<T> gradient)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckView(parameters, nameof(parameters));
        CheckView(gradient, nameof(gradient));
        StepCount++;
        Update(parameters, gradient);
    }

    /// <summary>Clears the state (moments, velocities, step count) as if freshly constructed; the learning rate stays.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StepCount = 0;
        foreach (MemoryBuffer1D<T, Stride1D.Dense> buffer in _state) buffer.MemSetToZero();
        ClearHostState();
    }

    /// <summary>
    /// Takes the learning rate, step count and state of <paramref name="source"/>, the host optimiser of the matching
    /// type with the same hyperparameters and parameter count (else an <see cref="ArgumentException"/>, and nothing
    /// changes). Waits for the copy to finish.
    /// </summary>
    /// <param name="source">The host optimiser to continue from.</param>
    public void CopyStateFrom(IOptimizer<T> source)
    {
        Optimizer<T> host = CheckCounterpart(source, nameof(source));
        ReadState(host);
        Accelerator.Synchronize();
        _learningRate = host.LearningRate;
        StepCount = host.StepCount;
    }

    /// <summary>
    /// Gives <paramref name="target"/>, the host optimiser of the matching type with the same hyperparameters and
    /// parameter count (else an <see cref="ArgumentException"/>, and nothing changes), this optimiser's learning rate,
    /// step count and state. Waits for the queued steps to finish first.
    /// </summary>
    /// <param name="target">The host optimiser to continue on.</param>
    public void CopyStateTo(IOptimizer<T> target)
    {
        Optimizer<T> host = CheckCounterpart(target, nameof(target));
        Accelerator.Synchronize();
        WriteState(host);
        host.LearningRate = _learningRate;
        host.RestoreStepCount(StepCount);
    }

    /// <summary>Frees the device state.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (MemoryBuffer1D<T, Stride1D.Dense> buffer in _state) buffer.Dispose();
        _state.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Enqueues one update on views already checked; <see cref="StepCount"/> already counts this step.</summary>
    private protected abstract void Update(ArrayView<T> parameters, ArrayView<T> gradient);

    /// <summary>Checks that <paramref name="source"/> has this optimiser's type and hyperparameters, then uploads its state.</summary>
    private protected abstract void ReadState(Optimizer<T> source);

    /// <summary>Checks that <paramref name="target"/> has this optimiser's type and hyperparameters, then downloads the state into it.</summary>
    private protected abstract void WriteState(Optimizer<T> target);

    /// <summary>Clears state kept on the host (e.g. whether SGD's momentum buffer has started); device buffers are zeroed by <see cref="Reset"/>.</summary>
    private protected virtual void ClearHostState()
    {
    }

    /// <summary>The class name without the generic arity, for messages.</summary>
    private protected string Name => TypeNames.Short(GetType());

    /// <summary>
    /// Allocates one zeroed state buffer of length <see cref="ParameterCount"/>, or of length 1 when the state is not
    /// used (the kernel still takes a view; the host optimiser's array is then empty).
    /// </summary>
    private protected MemoryBuffer1D<T, Stride1D.Dense> NewState(bool used = true)
    {
        MemoryBuffer1D<T, Stride1D.Dense> buffer = Accelerator.Allocate1D<T>(used ? ParameterCount : 1);
        buffer.MemSetToZero();
        _state.Add(buffer);
        return buffer;
    }

    /// <summary>Uploads a host state array (empty when the state is not used, which leaves the placeholder zero).</summary>
    private protected static void Upload(MemoryBuffer1D<T, Stride1D.Dense> buffer, T[] source)
    {
        if (source.Length == 0) buffer.MemSetToZero();
        else buffer.View.CopyFromCPU(source);
    }

    /// <summary>Downloads a device state buffer into a host state array (nothing when that array is empty).</summary>
    private protected static void Download(MemoryBuffer1D<T, Stride1D.Dense> buffer, T[] target)
    {
        if (target.Length != 0) buffer.View.CopyToCPU(target);
    }

    /// <summary>Returns <paramref name="host"/> as <typeparamref name="THost"/> or throws, naming both types.</summary>
    private protected THost Expect<THost>(Optimizer<T> host, string parameterName) where THost : Optimizer<T> =>
        host as THost ?? throw new ArgumentException(
            $"{Name}: expected a {TypeNames.Short(typeof(THost))} but got a {TypeNames.Short(host.GetType())}.", parameterName);

    /// <summary>Throws unless a hyperparameter of the host optimiser equals this one's, naming both values.</summary>
    private protected void ExpectSame<TValue>(string hyperparameter, TValue mine, TValue theirs, string parameterName)
    {
        if (!EqualityComparer<TValue>.Default.Equals(mine, theirs))
            throw new ArgumentException(
                $"{Name}: expected '{hyperparameter}' {mine} (this optimiser's) but the host optimiser has {theirs}.", parameterName);
    }

    private Optimizer<T> CheckCounterpart(IOptimizer<T> other, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(other, parameterName);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (other.ParameterCount != ParameterCount)
            throw new ArgumentException(
                $"{Name}: expected an optimiser with parameter count {ParameterCount} (this optimiser's) but got {TypeNames.Short(other.GetType())} with parameter count {other.ParameterCount}.",
                parameterName);
        return other as Optimizer<T> ?? throw new ArgumentException(
            $"{Name}: expected one of the library's optimisers (an Optimizer<{typeof(T).Name}>) but got {TypeNames.Full(other.GetType())}.", parameterName);
    }

    private void CheckView(ArrayView<T> view, string parameterName)
    {
        if (view.Length != ParameterCount)
            throw new ArgumentException(
                $"{Name}: expected '{parameterName}' of length {ParameterCount} (the optimiser's parameter count) but got length {view.Length}.",
                parameterName);
        DeviceViews.CheckOn(view, Accelerator, Name, parameterName);
    }

    private T CheckLearningRate(T value)
    {
        if (!T.IsFinite(value) || value < T.Zero)
            throw new ArgumentOutOfRangeException(nameof(LearningRate), value, $"{Name}: expected a finite learning rate ≥ 0 but got {value}.");
        return value;
    }
}
