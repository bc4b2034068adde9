using TorchSharp;
using static TorchSharp.torch;

namespace DslNets.TorchSharpPeer;

/// <summary>
/// One sample through an MLP: forward without gradient tracking, and one training step (zero_grad, forward, loss,
/// backward, SGD with learning rate 1e-3): squared error for one output, softmax cross-entropy (class 3) otherwise.
/// </summary>
internal sealed class SingleSamplePeer : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly optim.Optimizer _optimizer;
    private readonly Loss<Tensor, Tensor, Tensor> _loss;
    private readonly Tensor _input;
    private readonly Tensor _target;

    public SingleSamplePeer(int[] widths)
    {
        _model = Mlp.Build(widths);
        _optimizer = optim.SGD(_model.parameters(), 1e-3);
        _input = torch.rand(1, widths[0]);
        if (widths[^1] == 1)
        {
            _loss = nn.MSELoss();
            _target = torch.rand(1, 1);
        }
        else
        {
            _loss = nn.CrossEntropyLoss();
            _target = torch.tensor(new long[] { 3 });
        }
    }

    public void Forward()
    {
        // The dispose scope frees the step's temporaries at once, as Python's reference counting does.
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        _model.forward(_input);
    }

    public void TrainStep()
    {
        using var scope = torch.NewDisposeScope();
        _optimizer.zero_grad();
        _loss.forward(_model.forward(_input), _target).backward();
        _optimizer.step();
    }

    public void Dispose()
    {
        _input.Dispose();
        _target.Dispose();
        _loss.Dispose();
        _optimizer.Dispose();
        _model.Dispose();
    }
}
