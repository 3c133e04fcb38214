import{c as a}from"./chunk-QUL4L7AZ.js";import"./chunk-NOFYJSTX.js";export{a as reactions};
