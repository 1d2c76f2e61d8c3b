package dev.graduation.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.streams.query.KeyOwners.Forward;
import dev.graduation.streams.query.KeyOwners.Owners;
import dev.graduation.streams.query.KeyOwners.Serve;
import dev.graduation.streams.query.KeyOwners.Unavailable;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * The routing decision of every app query, case by case: metadata and lags in, local / standby /
 * forward / 503 out. Seen failing with: the lag test reversed ({@code > maxStandbyLag}: the
 * standby cases flip), forwarded requests forwarded again (the two "never forwarded twice" cases
 * answer Forward), and the standbys left out of the forward targets (the dead-owner case lists
 * only the active one).
 */
class KeyOwnersTest {

  private static final HostInfo ME = new HostInfo("10.0.0.1", 8090);
  private static final HostInfo B = new HostInfo("10.0.0.2", 8090);
  private static final HostInfo C = new HostInfo("10.0.0.3", 8090);
  private static final long MAX_LAG = 100;
  private static final KeyOwners ROUTING = new KeyOwners(ME, MAX_LAG);

  @Test
  void theActiveOwnerAnswersFromItsActiveTaskWhateverTheLags() {
    Owners owners = new Owners(4, ME, Set.of(B));

    assertThat(ROUTING.route(owners, OptionalLong.empty(), false)).isEqualTo(new Serve(4, true, 0, ME));
    assertThat(ROUTING.route(owners, OptionalLong.of(5_000), true)).isEqualTo(new Serve(4, true, 0, ME));
  }

  @Test
  void aStandbyWithinTheLagBoundAsksTheOwnerFirstAndAnswersItselfOnlyIfNobodyDoes() {
    Owners owners = new Owners(2, B, Set.of(ME));

    assertThat(ROUTING.route(owners, OptionalLong.of(0), false))
        .isEqualTo(new Forward(List.of(B), new Serve(2, false, 0, B)));
    assertThat(ROUTING.route(owners, OptionalLong.of(MAX_LAG), false))
        .isEqualTo(new Forward(List.of(B), new Serve(2, false, MAX_LAG, B)));
  }

  @Test
  void aStandbyWithinTheLagBoundAnswersAForwardedRequestItselfAndSaysItsLag() {
    // Forwarded here: the sender's owner did not answer it.
    assertThat(ROUTING.route(new Owners(2, B, Set.of(ME)), OptionalLong.of(7), true)).isEqualTo(new Serve(2, false, 7, B));
  }

  @Test
  void aStandbyBeyondTheBoundOrOfUnknownLagForwardsToTheOwner() {
    Owners owners = new Owners(2, B, Set.of(ME));

    assertThat(ROUTING.route(owners, OptionalLong.of(MAX_LAG + 1), false)).isEqualTo(new Forward(List.of(B)));
    assertThat(ROUTING.route(owners, OptionalLong.empty(), false)).isEqualTo(new Forward(List.of(B)));
  }

  @Test
  void anInstanceWithoutACopyForwardsToTheActiveOwnerThenItsStandbys() {
    Owners owners = new Owners(1, C, Set.of(B, new HostInfo("10.0.0.0", 8090)));

    assertThat(ROUTING.route(owners, OptionalLong.empty(), false))
        .isEqualTo(new Forward(List.of(C, new HostInfo("10.0.0.0", 8090), B)));
  }

  @Test
  void aLagMeasuredForAPartitionThisInstanceIsNoStandbyOfDoesNotMakeItServe() {
    // Metadata is the authority on who may answer; a leftover local copy is not.
    assertThat(ROUTING.route(new Owners(3, B, Set.of(C)), OptionalLong.of(0), false))
        .isEqualTo(new Forward(List.of(B, C)));
  }

  @Test
  void aForwardedRequestIsNeverForwardedAgain() {
    Owners elsewhere = new Owners(5, B, Set.of(C));
    Owners staleStandby = new Owners(5, B, Set.of(ME));

    assertThat(ROUTING.route(elsewhere, OptionalLong.empty(), true))
        .isEqualTo(new Unavailable("partition 5 is not served here and a forwarded query is not forwarded again"));
    assertThat(ROUTING.route(staleStandby, OptionalLong.of(MAX_LAG + 1), true))
        .isEqualTo(new Unavailable(
            "partition 5 is not served here (standby 101 records behind, more than 100 records)"
                + " and a forwarded query is not forwarded again"));
  }

  @Test
  void noOwnersKnownMidRebalanceIsUnavailable() {
    assertThat(ROUTING.route(null, OptionalLong.of(0), false))
        .isEqualTo(new Unavailable("the owners of this app's partition are being reassigned (rebalance)"));
  }

  @Test
  void aBoundOfZeroLetsOnlyAFullyCaughtUpStandbyAnswer() {
    KeyOwners strict = new KeyOwners(ME, 0);
    Owners owners = new Owners(0, B, Set.of(ME));

    assertThat(strict.route(owners, OptionalLong.of(0), false)).isEqualTo(new Forward(List.of(B), new Serve(0, false, 0, B)));
    assertThat(strict.route(owners, OptionalLong.of(1), false)).isEqualTo(new Forward(List.of(B)));
  }

  @Test
  void withStandbysOffAStandbyNeverAnswersItself() {
    KeyOwners off = new KeyOwners(ME, -1);
    Owners owners = new Owners(2, B, Set.of(ME));

    assertThat(off.route(owners, OptionalLong.of(0), false)).isEqualTo(new Forward(List.of(B)));
    assertThat(off.route(owners, OptionalLong.of(0), true)).isInstanceOf(Unavailable.class);
  }
}
