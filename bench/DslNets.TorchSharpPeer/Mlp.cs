using TorchSharp;
using static TorchSharp.torch;

namespace DslNets.TorchSharpPeer;

/// <summary>The peer scripts' MLP: Linear layers of the given widths with ReLU between them (none after the last), seeded.</summary>
internal static class Mlp
{
    public static nn.Module<Tensor, Tensor> Build(int[] widths)
    {
        torch.manual_seed(1);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < widths.Length - 1; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(widths[i], widths[i + 1])));
            if (i < widths.Length - 2) layers.Add(($"relu{i}", nn.ReLU()));
        }

        return nn.Sequential(layers);
    }
}
