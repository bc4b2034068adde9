using DslNets.Solvers;

namespace DslNets.Runtime.Tests.Solvers;

/// <summary>
/// Degenerate programs on which GLOP caught the own simplex out (<see cref="SimplexAgainstGlopTests"/>), kept by their
/// generator seed and pinned by a fingerprint of every number in them. Each is bounded with a known optimum.
/// </summary>
public sealed class SimplexRegressionTests
{
    [Theory]
    // Bug: ratio-test ties were any rows within tol of the smallest ratio; the row chosen could have a ratio up to tol above
    // it, leaving the smallest one's basic variable negative, and the error grew: the "optimum" was −0.447749 (truth −0.449089).
    [InlineData(6889, 0x8F761932F1881F08UL)]
    // Bug: the same window, and a free variable's half y⁻ entering on reduced-cost noise while y⁺ was basic (its column
    // exactly −e_r, blurred by rounding): pivots on 1e-9 entries blew the tableau up and the program was called unbounded.
    [InlineData(138, 0x8473FB6982F38BC4UL)]
    [InlineData(214, 0xAB8C0ED8AC8B3323UL)]
    // Bug: y⁻ entering on noise as above, with the exact ratio test already in place: called unbounded.
    [InlineData(16979, 0xEF85A8823B24471BUL)]
    // Bug: after phase 1 an artificial in a redundant row was pivoted out on a rounding-noise entry (1.3e-9, just above
    // tol): the basis became singular and the reported optimum was −25.5913 (truth −25.8636); seen once the fixes above were in.
    [InlineData(17313, 0x1A86AE0B965CF579UL)]
    [InlineData(4042, 0x4A33F21A9634F4BAUL)]
    public void ADegenerateProgramThatOnceGotAWrongAnswerGetsItsKnownOptimum(int seed, ulong fingerprint)
    {
        RandomProgram random = RandomLinearPrograms.Create(RandomProgramKind.Degenerate, seed);
        Assert.True(LinearProgramChecks.Fingerprint(random.Program) == fingerprint,
            $"Degenerate program {seed} is no longer the program this test was written for (fingerprint 0x{LinearProgramChecks.Fingerprint(random.Program):X16}, expected 0x{fingerprint:X16}): the generator changed.");
        double known = random.KnownOptimum!.Value;

        LpResult result = SimplexSolver.Solve(random.Program);

        Assert.Equal(SolverStatus.Optimal, result.Status);
        Assert.True(Math.Abs(result.ObjectiveValue - known) <= SimplexSolver.ValueTolerance * (1 + Math.Abs(known)),
            $"Optimum {result.ObjectiveValue:R}, known {known:R}.");
        Assert.True(LinearProgramChecks.RelativeViolation(random.Program, result.X) <= SimplexSolver.FeasibilityTolerance);
    }
}
