using System;
using DslNets.Generator.Model;

namespace DslNets.Generator.Emit;

/// <summary>
/// Writes one sample's loss and its output gradient. Shared by the host kernels (refs) and the device kernels
/// (ILGPU array views): the caller says how element i of a vector is written.
/// </summary>
internal sealed class LossEmitter
{
    private readonly ShapedNetwork _network;
    private readonly IndentedWriter _w;
    private readonly Func<string, string, string> _at;
    private readonly string _t;
    private readonly string _math;
    private readonly bool _device;

    /// <param name="network">The network whose loss is written.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="at">Element (vector, index) as an assignable expression.</param>
    /// <param name="device">Device kernels: exp and log through DslNets.Gpu.DeviceMath (ILGPU's own are approximations on CUDA).</param>
    public LossEmitter(ShapedNetwork network, IndentedWriter writer, Func<string, string, string> at, bool device = false)
    {
        _device = device;
        _network = network;
        _w = writer;
        _at = at;
        _t = network.T;
        _math = network.IsDouble ? "global::System.Math" : "global::System.MathF";
    }

    private string Exp(string x) => DeviceMathCall(_network, _device, _math, "Exp", x);

    private string Log(string x) => DeviceMathCall(_network, _device, _math, "Log", x);

    private string Log1P(string x) => _device ? $"({L(1)} + {x} == {L(1)} ? {x} : {Log($"{L(1)} + {x}")} * {x} / ({L(1)} + {x} - {L(1)}))" : $"__Log1P({x})";

    /// <summary>A call of Exp, Log or Tanh: System.Math on the host, DslNets.Gpu.DeviceMath (in double) in device kernels.</summary>
    internal static string DeviceMathCall(ShapedNetwork network, bool device, string math, string name, string x)
    {
        if (!device) return $"{math}.{name}({x})";
        return network.IsDouble ? $"global::DslNets.Gpu.DeviceMath.{name}({x})" : $"(float)global::DslNets.Gpu.DeviceMath.{name}((double)({x}))";
    }

    private string L(double value) => Numbers.Literal(value, _network.IsDouble);

    private string At(string vector, string index) => _at(vector, index);

    private string At(string vector, int index) => _at(vector, Numbers.Int(index));

    /// <summary>Writes `T loss = scale·ℓ(y, t)` and, when <paramref name="gradient"/> is given, scale·∂ℓ/∂y into it.</summary>
    public void Emit(string y, string t, string? gradient, string scale)
    {
        string o = Numbers.Int(_network.Outputs);
        // The loss gets its own block so its locals cannot collide with the layers' ones.
        _w.Line($"{_t} loss;");
        _w.Open("");
        switch (_network.Loss)
        {
            case LossCodes.SquaredError:
                _w.Line($"loss = {L(0)};");
                _w.Open($"for (int k = 0; k < {o}; k++)");
                _w.Line($"{_t} e = {At(y, "k")} - {At(t, "k")};");
                _w.Line("loss += e * e;");
                if (gradient is not null) _w.Line($"{At(gradient, "k")} = {scale} * e;");
                _w.Close();
                _w.Line($"loss *= {L(0.5)} * {scale};");
                break;
            case LossCodes.AbsoluteError:
                _w.Line($"loss = {L(0)};");
                _w.Open($"for (int k = 0; k < {o}; k++)");
                _w.Line($"{_t} e = {At(y, "k")} - {At(t, "k")};");
                _w.Line($"loss += {_math}.Abs(e);");
                if (gradient is not null) _w.Line($"{At(gradient, "k")} = e > {L(0)} ? {scale} : e < {L(0)} ? -{scale} : {L(0)};");
                _w.Close();
                _w.Line($"loss *= {scale};");
                break;
            case LossCodes.Logistic:
                _w.Line($"{_t} z = {At(y, 0)};");
                _w.Line($"{_t} target = {At(t, 0)};");
                _w.Line("// softplus(z) − t·z, written so that neither exp overflows.");
                _w.Line($"{_t} tail = {Exp($"-{_math}.Abs(z)")};");
                _w.Line($"loss = {scale} * (({_math}.Max(z, {L(0)}) - target * z) + {Log1P("tail")});");
                if (gradient is not null)
                {
                    _w.Line($"{_t} sigma = z >= {L(0)} ? {L(1)} / ({L(1)} + {Exp("-z")}) : {Exp("z")} / ({L(1)} + {Exp("z")});");
                    _w.Line($"{At(gradient, 0)} = {scale} * (sigma - target);");
                }

                break;
            case LossCodes.Hinge:
                _w.Line($"{_t} label = {At(t, 0)};");
                _w.Line($"{_t} margin = {L(1)} - label * {At(y, 0)};");
                _w.Line($"loss = margin > {L(0)} ? {scale} * margin : {L(0)};");
                if (gradient is not null) _w.Line($"{At(gradient, 0)} = margin > {L(0)} ? -{scale} * label : {L(0)};");
                break;
            default:
                _w.Line("// Σt·logsumexp(z) − Σ t_k z_k, shifted by max z for stability.");
                _w.Line($"{_t} max = {At(y, 0)};");
                _w.Line($"for (int k = 1; k < {o}; k++) max = {_math}.Max(max, {At(y, "k")});");
                _w.Line($"{_t} sumExp = {L(0)}, sumTarget = {L(0)}, dot = {L(0)};");
                _w.Open($"for (int k = 0; k < {o}; k++)");
                _w.Line($"{_t} e = {Exp($"{At(y, "k")} - max")};");
                if (gradient is not null) _w.Line($"{At(gradient, "k")} = e;");
                _w.Line("sumExp += e;");
                _w.Line($"sumTarget += {At(t, "k")};");
                _w.Line($"dot += {At(t, "k")} * {At(y, "k")};");
                _w.Close();
                _w.Line($"loss = {scale} * (sumTarget * (max + {Log("sumExp")}) - dot);");
                if (gradient is not null)
                {
                    _w.Line($"{_t} factor = sumTarget / sumExp;");
                    _w.Open($"for (int k = 0; k < {o}; k++)");
                    _w.Line($"{At(gradient, "k")} = {scale} * ({At(gradient, "k")} * factor - {At(t, "k")});");
                    _w.Close();
                }

                break;
        }

        _w.Close();
    }
}
