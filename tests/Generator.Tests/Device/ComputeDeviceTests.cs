using DslNets.Gpu;

namespace DslNets.Generator.Tests.Device;

/// <summary>Choosing the accelerator: names, the environment variable, the log line, and CUDA asked for where there is none.</summary>
public sealed class ComputeDeviceTests
{
    [Theory]
    [InlineData("cuda", DeviceKind.Cuda)]
    [InlineData("GPU", DeviceKind.Cuda)]
    [InlineData(" cpu ", DeviceKind.Cpu)]
    [InlineData("auto", DeviceKind.Auto)]
    public void DeviceNamesParse(string text, DeviceKind kind) => Assert.Equal(kind, ComputeDevice.Parse(text));

    [Fact]
    public void AnUnknownDeviceNameIsRejectedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse("tpu"));
        Assert.Contains("'tpu'", error.Message);
        Assert.Contains("cuda, cpu or auto", error.Message);
    }

    [Fact]
    public void OpeningTheCpuAcceleratorWritesOneLineSayingSo()
    {
        var log = new StringWriter();
        using ComputeDevice device = ComputeDevice.Open(DeviceKind.Cpu, log: log, cpuThreadsPerGroup: 32);
        Assert.Equal(DeviceKind.Cpu, device.Kind);
        Assert.Equal(32, device.Accelerator.MaxNumThreadsPerGroup);
        string[] lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("CPU accelerator", lines[0]);
    }

    [Fact]
    public void CudaWhereThereIsNoneFailsNamingTheReasonOrFallsBackWhenAllowed()
    {
        using (var probe = ILGPU.Context.Create(b => b.Default()))
        {
            if (ILGPU.Runtime.Cuda.CudaContextExtensions.GetCudaDevices(probe).Count > 0) return; // a machine with a GPU: nothing to check here
        }

        var error = Assert.Throws<DeviceStartException>(() => ComputeDevice.Open(DeviceKind.Cuda, log: TextWriter.Null));
        Assert.Contains("no CUDA device", error.Message);
        var log = new StringWriter();
        using ComputeDevice device = ComputeDevice.Open(DeviceKind.Cuda, allowCpuFallback: true, log: log);
        Assert.Equal(DeviceKind.Cpu, device.Kind);
        Assert.Contains("falling back", log.ToString());
        using ComputeDevice auto = ComputeDevice.Open(DeviceKind.Auto, log: TextWriter.Null);
        Assert.Equal(Environment.GetEnvironmentVariable(ComputeDevice.EnvironmentVariable) is "cuda" ? DeviceKind.Cuda : DeviceKind.Cpu, auto.Kind);
    }

    [Fact]
    public void ABadThreadsPerGroupIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ComputeDevice.Open(DeviceKind.Cpu, log: TextWriter.Null, cpuThreadsPerGroup: 6));
}
