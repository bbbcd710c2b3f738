package dev.plinth.campaigns;

/** The states of a {@link Campaign}; see its Javadoc for who moves it. */
public enum CampaignStatus {
  scheduled,
  active,
  paused,
  completed,
  cancelled
}
