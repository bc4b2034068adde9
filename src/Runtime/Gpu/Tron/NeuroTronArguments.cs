using ILGPU;

namespace DslNets.Gpu;

/// <summary>Everything one launch of <see cref="NeuroTronKernel.Run{T, TReal}"/> reads: sizes, scalars and device views.</summary>
internal struct NeuroTronArguments<T> where T : unmanaged
{
    /// <summary>n.</summary>
    public int Inputs;

    /// <summary>r.</summary>
    public int FilterSize;

    /// <summary>k.</summary>
    public int Count;

    /// <summary>D: the student's basis matrices.</summary>
    public int DirectionCount;

    /// <summary>D*: the teacher's basis matrices (0 when the labels are read, not drawn).</summary>
    public int TeacherDirectionCount;

    /// <summary>b.</summary>
    public int BatchSize;

    /// <summary>The iterations of this launch.</summary>
    public int Iterations;

    /// <summary>The step number of the first iteration: fresh batch s is drawn from sample numbers s·b .. s·b + b − 1.</summary>
    public long FirstStep;

    /// <summary>1: draw each batch from the teacher stream into <see cref="Batch"/>; 0: batch t is row block t of <see cref="Batch"/> and <see cref="Labels"/>.</summary>
    public int Fresh;

    /// <summary>K: record the distance after every K-th iteration (and before the first); 0 for none.</summary>
    public int RecordEvery;

    /// <summary>η/b, rounded to T as the host rounds it.</summary>
    public T Scale;

    /// <summary>1/k, rounded to T as the host rounds it.</summary>
    public T InverseCount;

    /// <summary>σ of the drawn inputs.</summary>
    public double InputScale;

    /// <summary>s of the label noise.</summary>
    public double LabelNoise;

    /// <summary>β of the attack.</summary>
    public double AttackProbability;

    /// <summary>θ* of the attack.</summary>
    public double AttackMagnitude;

    /// <summary>The streams' seeds (<see cref="DeviceTeacherStream"/>).</summary>
    public ulong InputSeed;

    /// <summary>See <see cref="DeviceTeacherStream.NoiseSeed"/>.</summary>
    public ulong NoiseSeed;

    /// <summary>See <see cref="DeviceTeacherStream.AttackSeed"/>.</summary>
    public ulong AttackSeed;

    /// <summary>w (r), updated in place.</summary>
    public ArrayView<T> Filter;

    /// <summary>B_1..B_D (D·r·n).</summary>
    public ArrayView<T> Basis;

    /// <summary>G (k×D).</summary>
    public ArrayView<T> Mixing;

    /// <summary>M (r×n).</summary>
    public ArrayView<T> UpdateMatrix;

    /// <summary>u_d = B_dᵀw (D·n), formed at the start of every iteration.</summary>
    public ArrayView<T> FilterDirections;

    /// <summary>The teacher's u*_d (D*·n), formed once on the host.</summary>
    public ArrayView<T> TeacherDirections;

    /// <summary>The teacher's G* (k×D*).</summary>
    public ArrayView<T> TeacherMixing;

    /// <summary>θ* (r), for the distances.</summary>
    public ArrayView<T> Target;

    /// <summary>Fresh: the batch being drawn (b·n); otherwise every batch of the launch (Iterations·b·n).</summary>
    public ArrayView<T> Batch;

    /// <summary>Read labels (Iterations·b) when not fresh; unused otherwise.</summary>
    public ArrayView<T> Labels;

    /// <summary>x_j · u_d then x_j · u*_d for every sample j (b·(D + D*)).</summary>
    public ArrayView<T> Dots;

    /// <summary>y_j − f_w(x_j) (b).</summary>
    public ArrayView<T> Residuals;

    /// <summary>Σ_j (y_j − f_w(x_j)) x_j (n).</summary>
    public ArrayView<T> Sums;

    /// <summary>‖w − θ*‖ after 0, K, 2K, … iterations (⌊Iterations/K⌋ + 1), when recording.</summary>
    public ArrayView<double> Distances;
}
