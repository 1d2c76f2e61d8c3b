package dev.graduation.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The bounded-replacement policy. Seen failing with the bound off by one ({@code <} instead of
 * {@code <=}: the third failure was refused a replacement) and with failures never forgotten
 * ("expected: 1 but was: 3" failures in the window).
 */
class ReplacementBudgetTest {

  private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(START);
  private final ReplacementBudget budget =
      new ReplacementBudget(new ThreadReplacementLimit(3, Duration.ofMinutes(10)), now::get);

  private void advance(Duration by) {
    now.updateAndGet(instant -> instant.plus(by));
  }

  @Test
  void threeFailuresWithinTheWindowAreReplacedTheFourthShutsDown() {
    assertThat(budget.replaceAfterFailure()).isTrue();
    advance(Duration.ofMinutes(1));
    assertThat(budget.replaceAfterFailure()).isTrue();
    advance(Duration.ofMinutes(1));
    assertThat(budget.replaceAfterFailure()).isTrue();
    advance(Duration.ofMinutes(1));

    assertThat(budget.replaceAfterFailure()).isFalse();
    assertThat(budget.failuresInWindow()).isEqualTo(4);
  }

  @Test
  void failuresOlderThanTheWindowAreForgotten() {
    budget.replaceAfterFailure();
    budget.replaceAfterFailure();
    advance(Duration.ofMinutes(5));
    budget.replaceAfterFailure();
    advance(Duration.ofMinutes(5)); // the first two are exactly 10 min old: out of the window

    assertThat(budget.failuresInWindow()).isEqualTo(1);
    assertThat(budget.replaceAfterFailure()).isTrue();
    assertThat(budget.replaceAfterFailure()).isTrue();
    assertThat(budget.replaceAfterFailure()).as("4 within 10 min").isFalse();

    advance(Duration.ofMinutes(10));
    assertThat(budget.failuresInWindow()).isZero();
    assertThat(budget.replaceAfterFailure()).isTrue();
  }

  @Test
  void zeroReplacementsShutsDownAtTheFirstFailure() {
    ReplacementBudget none = new ReplacementBudget(new ThreadReplacementLimit(0, Duration.ofMinutes(10)), now::get);

    assertThat(none.replaceAfterFailure()).isFalse();
  }

  @Test
  void aNegativeCountOrAnEmptyWindowIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ThreadReplacementLimit(-1, Duration.ofMinutes(1)));
    assertThatIllegalArgumentException().isThrownBy(() -> new ThreadReplacementLimit(3, Duration.ZERO));
  }
}
