namespace DslNets.PacBayes;

/// <summary>One recorded point of a training path.</summary>
/// <param name="Step">The caller's step number.</param>
/// <param name="DistanceFromStart">‖θ_t − θ_0‖₂: how far training has moved from initialisation (the KL's mean term for a prior centred there).</param>
/// <param name="PathLength">Σ_s ‖θ_s − θ_{s−1}‖₂ over the recorded points: the distance travelled.</param>
public readonly record struct TrainingPathPoint(long Step, double DistanceFromStart, double PathLength);

/// <summary>
/// The geometry of a training path, as the thesis's chapter 6 studies it: the distance from initialisation and
/// the length of the path travelled, recorded at the steps the caller chooses. Distance ≤ path length always
/// (the triangle inequality); their ratio measures how straight training went.
/// </summary>
public sealed class TrainingPath
{
    private readonly double[] _start, _previous;
    private readonly List<TrainingPathPoint> _points = [];
    private double _length;

    /// <summary>Starts a path at <paramref name="initialParameters"/> (copied).</summary>
    /// <param name="initialParameters">θ_0.</param>
    public TrainingPath(ReadOnlySpan<double> initialParameters)
    {
        _start = initialParameters.ToArray();
        _previous = initialParameters.ToArray();
        _points.Add(new TrainingPathPoint(0, 0.0, 0.0));
    }

    /// <summary>The recorded points, the first being step 0 at θ_0.</summary>
    public IReadOnlyList<TrainingPathPoint> Points => _points;

    /// <summary>Records θ_t at step <paramref name="step"/> and returns the new point.</summary>
    /// <param name="step">The step number (any increasing count).</param>
    /// <param name="parameters">θ_t, of the initial length.</param>
    public TrainingPathPoint Record(long step, ReadOnlySpan<double> parameters)
    {
        Guard.SameLength(_start.Length, parameters.Length, nameof(parameters), "the initial parameters");
        double fromStart = 0.0, increment = 0.0;
        for (int i = 0; i < _start.Length; i++)
        {
            double a = parameters[i] - _start[i], b = parameters[i] - _previous[i];
            fromStart += a * a;
            increment += b * b;
        }
        parameters.CopyTo(_previous);
        _length += Math.Sqrt(increment);
        var point = new TrainingPathPoint(step, Math.Sqrt(fromStart), _length);
        _points.Add(point);
        return point;
    }
}
