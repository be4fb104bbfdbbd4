using System.Text.Json.Nodes;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Tests.Domain.Presets;

public class PresetSerializerTests
{
    public static TheoryData<string> ShippedNames => [.. PresetCatalog.Names];

    private static string BreakoutV1Json => PresetSerializer.Serialize(PresetCatalog.Get("breakout_v1"));

    [Theory]
    [MemberData(nameof(ShippedNames))]
    public void SerializeThenDeserializeGivesTheSamePreset(string name)
    {
        var original = PresetCatalog.Get(name);
        var json = PresetSerializer.Serialize(original);

        var result = PresetSerializer.Deserialize(json);

        result.IsSuccess.ShouldBeTrue(string.Join(" | ", result.Errors));
        PresetSerializer.Serialize(result.Preset!).ShouldBe(json);
        result.Preset!.Risk.ShouldBe(original.Risk);
        result.Preset.PositionConfig.ShouldBe(original.PositionConfig);
    }

    [Fact]
    public void RoundTripKeepsOptionalValuesAndCollections()
    {
        var v1 = PresetCatalog.Get("breakout_v1");
        var custom = v1 with
        {
            Name = "custom_one",
            StrategyPriority = StrategyPriority.Retest,
            Risk = v1.Risk with { MaxPositionSizeUsd = 12345.67m, FlattenOnKillSwitch = false },
            LiquidityFilters = v1.LiquidityFilters with { MinOiUsd = null },
            PositionConfig = v1.PositionConfig with { TimeStopMinutes = 45 },
            ScannerConfig = v1.ScannerConfig with { SymbolWhitelist = ["BTC-USDT-SWAP", "ETH-USDT-SWAP"], TopNByVolume = null },
            LevelsRules = v1.LevelsRules with { DonchianPeriods = [12, 24] },
        };
        var json = PresetSerializer.Serialize(custom);

        var back = PresetSerializer.Deserialize(json).Preset.ShouldNotBeNull();

        PresetSerializer.Serialize(back).ShouldBe(json);
        back.StrategyPriority.ShouldBe(StrategyPriority.Retest);
        back.Risk.MaxPositionSizeUsd.ShouldBe(12345.67m);
        back.Risk.FlattenOnKillSwitch.ShouldBeFalse();
        back.LiquidityFilters.MinOiUsd.ShouldBeNull();
        back.PositionConfig.TimeStopMinutes.ShouldBe(45);
        back.ScannerConfig.SymbolWhitelist.ShouldBe(["BTC-USDT-SWAP", "ETH-USDT-SWAP"]);
        back.ScannerConfig.TopNByVolume.ShouldBeNull();
        back.LevelsRules.DonchianPeriods.ShouldBe([12, 24]);
    }

    [Fact]
    public void WritesTheOriginalFieldNames()
    {
        var json = JsonNode.Parse(BreakoutV1Json)!;

        json["risk"]!["risk_per_trade"]!.GetValue<double>().ShouldBe(0.015);
        json["liquidity_filters"]!["min_24h_volume_usd"]!.GetValue<decimal>().ShouldBe(5_000_000m);
        json["liquidity_filters"]!["min_depth_usd_0_5pct"]!.GetValue<decimal>().ShouldBe(8000m);
        json["liquidity_filters"]!["min_depth_usd_0_3pct"]!.GetValue<decimal>().ShouldBe(5000m);
        json["volatility_filters"]!["volume_surge_1h_min"]!.GetValue<double>().ShouldBe(1.15);
        json["volatility_filters"]!["volume_surge_5m_min"]!.GetValue<double>().ShouldBe(1.4);
        json["signal_config"]!["l2_imbalance_threshold"]!.GetValue<double>().ShouldBe(0.15);
        json["position_config"]!["tp1_r"]!.GetValue<double>().ShouldBe(1.5);
        json["position_config"]!["tp2_size_pct"]!.GetValue<double>().ShouldBe(0.35);
        json["scanner_config"]!["score_weights"]!["vol_surge"]!.GetValue<double>().ShouldBe(0.3);
        json["scanner_config"]!["top_n_by_volume"]!.GetValue<int>().ShouldBe(200);
        json["execution_config"]!["deadman_timeout_ms"]!.GetValue<int>().ShouldBe(8000);
        json["strategy_priority"]!.GetValue<string>().ShouldBe("momentum");
    }

    [Fact]
    public void RoundTripsTheMaximumEntrySlippageUnderItsSnakeCaseName()
    {
        var v1 = PresetCatalog.Get("breakout_v1");
        var custom = v1 with { ExecutionConfig = v1.ExecutionConfig with { MaxEntrySlippageBps = 27.5 } };
        var json = PresetSerializer.Serialize(custom);

        JsonNode.Parse(json)!["execution_config"]!["max_entry_slippage_bps"]!.GetValue<double>().ShouldBe(27.5);
        var back = PresetSerializer.DeserializeAndValidate(json);

        back.IsSuccess.ShouldBeTrue(string.Join(" | ", back.Errors));
        back.Preset!.ExecutionConfig.MaxEntrySlippageBps.ShouldBe(27.5);
        back.Preset.ExecutionConfig.ShouldBe(custom.ExecutionConfig);
        PresetSerializer.Serialize(back.Preset).ShouldBe(json);
    }

    [Fact]
    public void AnExecutionSectionWithoutTheEntrySlippageTakesTheDefaultOfTenBps()
    {
        var json = WithValue(BreakoutV1Json, n => n["execution_config"]!.AsObject().Remove("max_entry_slippage_bps"));

        var preset = PresetSerializer.Deserialize(json).Preset.ShouldNotBeNull();

        preset.ExecutionConfig.MaxEntrySlippageBps.ShouldBe(10);
        preset.ExecutionConfig.LimitOffsetBps.ShouldBe(1.5, "the rest of the section is still read");
    }

    [Fact]
    public void ReportsAnEntrySlippageOfZeroInAPresetFileByItsField()
    {
        var json = WithValue(BreakoutV1Json, n => n["execution_config"]!["max_entry_slippage_bps"] = 0);

        var error = PresetSerializer.DeserializeAndValidate(json).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("execution_config.max_entry_slippage_bps");
    }

    [Theory]
    [InlineData("breakout_momentum", StrategyPriority.Momentum)]
    [InlineData("momentum", StrategyPriority.Momentum)]
    [InlineData("breakout_retest", StrategyPriority.Retest)]
    [InlineData("retest", StrategyPriority.Retest)]
    public void ReadsOriginalStrategyPriorityValues(string value, StrategyPriority expected)
    {
        var json = WithValue(BreakoutV1Json, n => n["strategy_priority"] = value);

        PresetSerializer.Deserialize(json).Preset!.StrategyPriority.ShouldBe(expected);
    }

    [Fact]
    public void RejectsAnUnknownStrategyPriorityListingTheAllowedValues()
    {
        var json = WithValue(BreakoutV1Json, n => n["strategy_priority"] = "sideways");

        var error = PresetSerializer.Deserialize(json).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("strategy_priority");
        error.Message.ShouldContain("\"sideways\"");
        error.Message.ShouldContain("\"breakout_momentum\"");
    }

    [Fact]
    public void RejectsAnUnknownTopLevelPropertyByName()
    {
        var json = WithValue(BreakoutV1Json, n => n["density_config"] = new JsonObject { ["k_density"] = 7.0 });

        var result = PresetSerializer.Deserialize(json);

        result.IsSuccess.ShouldBeFalse();
        result.Preset.ShouldBeNull();
        var error = result.Errors.ShouldHaveSingleItem();
        error.Field.ShouldBe("density_config");
        error.Message.ShouldContain("'density_config'");
    }

    [Fact]
    public void RejectsAnUnknownNestedPropertyWithItsPath()
    {
        var json = WithValue(BreakoutV1Json, n => n["risk"]!["risk_per_trad"] = 0.01);

        var error = PresetSerializer.Deserialize(json).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("risk.risk_per_trad");
        error.Message.ShouldContain("'risk_per_trad'");
        error.Message.ShouldNotContain("line ");
    }

    [Fact]
    public void RejectsMalformedJsonNamingTheFieldWithoutParserInternals()
    {
        var lines = BreakoutV1Json.Split('\n');
        var spreadLine = Array.FindIndex(lines, l => l.Contains("\"max_spread_bps\"", StringComparison.Ordinal));
        lines[spreadLine] = lines[spreadLine].TrimEnd(',');
        var json = string.Join('\n', lines);

        var error = PresetSerializer.Deserialize(json).Errors.ShouldHaveSingleItem();

        error.Field.ShouldStartWith("liquidity_filters");
        error.Message.ShouldStartWith(error.Field + " is not valid JSON");
        error.Message.ShouldNotContain("line");
        error.Message.ShouldNotContain("position");
        error.Message.ShouldNotContain("BytePosition");
    }

    [Fact]
    public void ATooLongValueOnOneLineGivesAFieldMessageWithoutPositions()
    {
        var json = WithValue(BreakoutV1Json, n => n["risk"]!["risk_per_trade"] = new string('9', 200) + "x");

        var error = PresetSerializer.Deserialize(json).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("risk.risk_per_trade");
        error.Message.ShouldBe("risk.risk_per_trade must be a number.");
    }

    [Fact]
    public void RejectsAMissingRequiredFieldByName()
    {
        var json = WithValue(BreakoutV1Json, n => n["risk"]!.AsObject().Remove("risk_per_trade"));

        var error = PresetSerializer.Deserialize(json).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("risk.risk_per_trade");
        error.Message.ShouldContain("'risk_per_trade'");
    }

    [Fact]
    public void RejectsNullForARequiredText()
    {
        var json = WithValue(BreakoutV1Json, n => n["name"] = null);

        var error = PresetSerializer.Deserialize(json).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("name");
        error.Message.ShouldContain("name must not be null");
    }

    [Fact]
    public void RejectsAStringWhereANumberBelongs()
    {
        var json = WithValue(BreakoutV1Json, n => n["position_config"]!["tp1_r"] = "1.5");

        var error = PresetSerializer.Deserialize(json).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("position_config.tp1_r");
        error.Message.ShouldContain("must be a number");
    }

    [Fact]
    public void NamesTheArrayElementThatHasTheWrongType()
    {
        var json = WithValue(BreakoutV1Json, n => n["scanner_config"]!["symbol_blacklist"] = new JsonArray("USDT/USD", 5));

        var error = PresetSerializer.Deserialize(json).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("scanner_config.symbol_blacklist[1]");
        error.Message.ShouldContain("must be a string");
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1, 2]")]
    public void RejectsADocumentThatIsNotAPresetObject(string json)
    {
        var error = PresetSerializer.Deserialize(json).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("$");
    }

    [Fact]
    public void OptionalSectionsTakeTheirDefaultsWhenAbsent()
    {
        var json = WithValue(BreakoutV1Json, n =>
        {
            n.AsObject().Remove("execution_config");
            n.AsObject().Remove("levels_rules");
            n["risk"]!.AsObject().Remove("max_consecutive_losses");
        });

        var preset = PresetSerializer.Deserialize(json).Preset.ShouldNotBeNull();

        preset.ExecutionConfig.ShouldBe(new ExecutionConfig());
        preset.ExecutionConfig.TakerFeeBps.ShouldBe(7.5);
        preset.LevelsRules.MinTouches.ShouldBe(3);
        preset.Risk.MaxConsecutiveLosses.ShouldBe(5);
    }

    [Fact]
    public void DeserializeAndValidateReportsRuleViolations()
    {
        var json = WithValue(BreakoutV1Json, n => n["risk"]!["correlation_limit"] = 1.5);

        PresetSerializer.Deserialize(json).IsSuccess.ShouldBeTrue();
        var error = PresetSerializer.DeserializeAndValidate(json).Errors.ShouldHaveSingleItem();
        error.Field.ShouldBe("risk.correlation_limit");
        error.Message.ShouldBe("risk.correlation_limit must be in [0, 1]; got 1.5.");
    }

    [Theory]
    [InlineData("risk_per_trade", "1e400", "risk.risk_per_trade")]
    [InlineData("risk_per_trade", "-1e400", "risk.risk_per_trade")]
    [InlineData("max_position_size_usd", "1e400", "risk.max_position_size_usd")]
    [InlineData("max_concurrent_positions", "1e400", "risk.max_concurrent_positions")]
    [InlineData("max_concurrent_positions", "3000000000", "risk.max_concurrent_positions")]
    public void ANumberBeyondWhatItsFieldHoldsIsOutOfRangeNamingTheFieldWithoutEchoingAGarbledNumber(string property, string number, string field)
    {
        var json = System.Text.RegularExpressions.Regex.Replace(BreakoutV1Json, $"\"{property}\": [^,\n]+", $"\"{property}\": {number}");
        json.ShouldContain($"\"{property}\": {number}");

        var error = PresetSerializer.DeserializeAndValidate(json).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe(field);
        error.Message.ShouldStartWith(field + " is out of range for this field");
        error.Message.ShouldNotContain("E+");
        error.Message.ShouldNotContain("1.79");
    }

    [Fact]
    public void AWholeNumberFieldGivenAFractionStillSaysItTakesAWholeNumber()
    {
        var json = System.Text.RegularExpressions.Regex.Replace(BreakoutV1Json, "\"max_concurrent_positions\": [^,\n]+", "\"max_concurrent_positions\": 2.5");

        var error = PresetSerializer.Deserialize(json).Errors.ShouldHaveSingleItem();

        error.Message.ShouldBe("risk.max_concurrent_positions must be a whole number.");
    }

    private static string WithValue(string json, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(json)!;
        edit(node);
        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
