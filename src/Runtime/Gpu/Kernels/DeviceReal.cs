namespace DslNets.Gpu;

/// <summary>
/// Float and double as seen by a generic kernel that needs <see cref="DeviceMath"/>: a plain conversion either way
/// (generic conversions such as T.CreateChecked do not compile for devices).
/// </summary>
internal interface IDeviceReal<T>
    where T : unmanaged
{
    double ToDouble(T value);

    T FromDouble(double value);
}

internal readonly struct FloatReal : IDeviceReal<float>
{
    public double ToDouble(float value) => value;

    public float FromDouble(double value) => (float)value;
}

internal readonly struct DoubleReal : IDeviceReal<double>
{
    public double ToDouble(double value) => value;

    public double FromDouble(double value) => value;
}
