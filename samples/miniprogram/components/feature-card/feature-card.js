// One row of the index list; tapping it asks the page to open the feature.
Component({
  properties: {
    title: String,
    desc: { type: String, value: '' },
    url: String,
  },
  methods: {
    onTap() {
      this.triggerEvent('open', { url: this.data.url });
    },
  },
});
