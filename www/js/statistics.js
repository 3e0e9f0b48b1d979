// Stands in for an analytics tag: it only reports that it ran.
window.demo.ran("statistics");
