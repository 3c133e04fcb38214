import{a}from"./chunk-R65KVLSE.js";import"./chunk-M7RO7GWO.js";export{a as reactions};
