package mkspec.spec.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParentLinksTest {

  /** Builds links the way breadth-first search does, from random child counts; returns parent and action per state. */
  private static long[][] randomForest(ParentLinks links, Random random, int initial, int states, int maxChildren,
      int actions) {
    List<long[]> expected = new ArrayList<>(); // {parent, action} per state; parent -1 for initial
    for (int i = 0; i < initial; i++) {
      links.addInitial(initial - 1 - i);
      expected.add(new long[] {-1, initial - 1 - i});
    }
    long parent = 0;
    while (expected.size() < states && parent < expected.size()) {
      int children = random.nextInt(10) == 0 ? random.nextInt(maxChildren + 1) : random.nextInt(4);
      children = Math.min(children, states - expected.size());
      for (int c = 0; c < children; c++) {
        int action = random.nextInt(actions);
        links.addDiscovered(action);
        expected.add(new long[] {parent, action});
      }
      links.closeParent(children);
      parent++;
    }
    return expected.toArray(new long[0][]);
  }

  @Test
  void randomChildCountsRoundTripIncludingEscapedLargeCounts() {
    ParentLinks links = new ParentLinks(1000);
    long[][] expected = randomForest(links, new Random(5), 3, 200_000, 900, 1000);

    assertEquals(expected.length, links.size());
    for (int i = 0; i < expected.length; i++) {
      if (expected[i][0] < 0) {
        assertEquals(expected[i][1], links.initialPositionOf(i));
      } else {
        assertEquals(expected[i][0], links.parentOf(i), "parent of " + i);
        assertEquals(expected[i][1], links.actionOf(i), "action of " + i);
      }
    }
  }

  @Test
  void aCountOf255IsEscapedAndReadBack() {
    ParentLinks links = new ParentLinks(300);
    links.addInitial(0);
    links.addInitial(1);
    for (int c = 0; c < 255; c++) {
      links.addDiscovered(c);
    }
    links.closeParent(255);
    links.addDiscovered(299);
    links.closeParent(1);

    assertEquals(0, links.parentOf(2));
    assertEquals(0, links.parentOf(256));
    assertEquals(254, links.actionOf(256));
    assertEquals(1, links.parentOf(257));
    assertEquals(299, links.actionOf(257));
  }

  @Test
  void narrowActionsTakeOneByteAndWideActionsTwoPlusOneCountBytePerExpandedState() {
    ParentLinks narrow = new ParentLinks(256);
    ParentLinks wide = new ParentLinks(257);
    randomForest(narrow, new Random(9), 1, 1_000_000, 8, 256);
    randomForest(wide, new Random(9), 1, 1_000_000, 8, 256);

    // Per discovered state its action; per expanded state its count; a long every 64 expanded states; chunk slack.
    long slack = 2 * ParentLinks.ByteChunks.CHUNK + 2 * (narrow.closedParents() / 64 * 8) + 1024;
    long narrowPayload = narrow.size() + narrow.closedParents() + narrow.closedParents() / 64 * 8;
    long widePayload = 2 * wide.size() + wide.closedParents() + wide.closedParents() / 64 * 8;
    assertTrue(narrow.bytes() >= narrowPayload && narrow.bytes() <= narrowPayload + slack, "narrow: " + narrow.bytes());
    assertTrue(wide.bytes() >= widePayload && wide.bytes() <= widePayload + slack, "wide: " + wide.bytes());
  }

  @Test
  void choicesReadBackIncludingEscapedOnesAndOnesBeforeTheFirstNonZeroChoice() {
    ParentLinks links = new ParentLinks(3);
    links.addInitial(0);
    int[] choices = {0, 0, 0, 7, 0, 255, 1000, 3, 254};
    for (int choice : choices) {
      links.addDiscovered(2, choice);
    }
    for (int k = 0; k < choices.length; k++) {
      assertEquals(choices[k], links.choiceOf(1 + k), "state " + (1 + k));
      assertEquals(2, links.actionOf(1 + k));
    }
  }

  @Test
  void aSystemThatNeverChoosesPaysNoBytesForChoices() {
    ParentLinks deterministic = new ParentLinks(3);
    ParentLinks choosing = new ParentLinks(3);
    deterministic.addInitial(0);
    choosing.addInitial(0);
    for (int k = 0; k < 100_000; k++) {
      deterministic.addDiscovered(1, 0);
      choosing.addDiscovered(1, k % 2);
    }
    assertTrue(choosing.bytes() - deterministic.bytes() >= 100_000, "a byte per state once choices occur");
    assertEquals(0, deterministic.choiceOf(50_000));
    assertEquals(1, choosing.choiceOf(1 + 50_001), "state 1 + k took choice k % 2");
  }

  @Test
  void closingMoreChildrenThanWereDiscoveredIsRefused() {
    ParentLinks links = new ParentLinks(2);
    links.addInitial(0);
    links.addDiscovered(1);

    assertThrows(IllegalStateException.class, () -> links.closeParent(2));
  }

  @Test
  void aStateWhoseParentIsNotClosedHasNoParentYet() {
    ParentLinks links = new ParentLinks(2);
    links.addInitial(0);
    links.addDiscovered(1);

    assertThrows(IllegalStateException.class, () -> links.parentOf(1));
    assertThrows(IllegalArgumentException.class, () -> links.parentOf(0));
  }
}
