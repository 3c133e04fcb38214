import{q as a}from"./chunk-C5SGVFDE.js";import"./chunk-2R7WEV74.js";export{a as reactions};
