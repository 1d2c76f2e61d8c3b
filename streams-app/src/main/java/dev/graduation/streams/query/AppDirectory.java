package dev.graduation.streams.query;

import dev.graduation.events.EligibilityChange;
import java.util.List;

/** The apps this instance knows, each with its last verdict (for the dashboard's app list). */
public interface AppDirectory {

  List<EligibilityChange> knownApps();
}
