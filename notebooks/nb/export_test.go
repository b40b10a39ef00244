package nb

// ExploreHTML exposes exploreHTML to the external tests.
var ExploreHTML = exploreHTML
